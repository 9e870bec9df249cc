/**
 * XEP-0231 Bits of Binary for the XEP-0221 media of XEP-0077 forms (XEP-0158 CAPTCHA
 * images): reading `<data xmlns='urn:xmpp:bob'/>`, building the §3 request for data a reply
 * did not carry, and putting image bytes on a form's media as `data:` URIs. Pure functions;
 * nothing here throws on untrusted input.
 */
import { Element } from 'ltx'

import { NS_BOB } from '../core/namespaces'
import type { DataForm, FormField, Media, MediaUri, XmlElement } from '../core/types'
import { attr, child, elements, text } from '../transport/xml'

/** Default bound of one image's decoded bytes: 64 KiB (XEP-0231 §2 suggests at most 8 KiB). */
export const DEFAULT_MAX_BOB_BYTES = 65536

/** The most distinct `cid:` URIs of one reply fetched with XEP-0231 §3 requests. */
export const MAX_BOB_FETCHES = 4

/** One `<data/>` element with bytes, checked. */
export interface BobData {
  /** The Content-ID, as the `cid` attribute gives it (no `cid:` scheme). */
  cid: string
  /** The media type (lowercase `type/subtype`), when the element gives a well-formed one. */
  type?: string
  /** Seconds to cache (XEP-0231 §4); undefined: no hint. A malformed value counts as 0. */
  maxAge?: number
  /** The bytes in base64, white space removed. */
  base64: string
}

/** Looks up the data of a Content-ID (no `cid:` scheme). */
export type BobLookup = (cid: string) => BobData | undefined

// RFC 4648 §4 base64 with the pad bits zero (XEP-0231 §4): the last group before `==` ends in
// a character whose low 4 bits are 0, before `=` in one whose low 2 bits are 0.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/
// XML white space: XEP-0231's own examples break the text into lines "for readability".
const XML_SPACE = /[ \t\r\n]+/g
// RFC 2045 §5.1 type/subtype tokens; parameters are not taken (a data: URI gets the bare type).
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/
// Content-IDs are addr-specs (RFC 2392): no white space or control characters.
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const BAD_CID = /[\s\u0000-\u001f\u007f<>]/
const MAX_CID = 1023
const MAX_AGE = /^\d{1,15}$/

/** The decoded size of checked base64 text. */
const decodedBytes = (base64: string): number => {
  const pad = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0
  return (base64.length / 4) * 3 - pad
}

/** A media type in lowercase, or undefined when absent or malformed. */
const mediaType = (value: string | undefined): string | undefined => {
  const type = value?.trim().toLowerCase()
  return type !== undefined && MEDIA_TYPE.test(type) ? type : undefined
}

/**
 * True for an image type a page may show from a `data:` URI. SVG is not taken: it is a
 * document that can carry script (XEP-0231 §8), not a picture.
 */
export const isImageType = (type: string): boolean => type.startsWith('image/') && type !== 'image/svg+xml'

const isCid = (cid: string): boolean => cid !== '' && cid.length <= MAX_CID && !BAD_CID.test(cid)

/**
 * The Content-ID of a `cid:` URI (RFC 2392: the scheme in any case, the id percent-decoded),
 * or undefined for any other URI.
 */
export const contentId = (uri: string): string | undefined => {
  if (uri.length < 5 || uri.slice(0, 4).toLowerCase() !== 'cid:') return undefined
  let id = uri.slice(4)
  try {
    id = decodeURIComponent(id)
  } catch {
    return undefined
  }
  return isCid(id) ? id : undefined
}

/**
 * Reads a `<data xmlns='urn:xmpp:bob'/>` with bytes: a well-formed `cid`, strict base64
 * (XML white space between the characters allowed), at least one byte and at most
 * `maxBytes`. Undefined for anything else (an empty request element included).
 */
export const parseBobData = (el: XmlElement, maxBytes: number): BobData | undefined => {
  if (el.name !== 'data' || attr(el, 'xmlns') !== NS_BOB) return undefined
  const cid = attr(el, 'cid')
  if (cid === undefined || !isCid(cid)) return undefined
  const base64 = text(el).replace(XML_SPACE, '')
  // The size first (from the length alone), then the characters.
  if (base64 === '' || base64.length % 4 !== 0 || (base64.length / 4) * 3 - 2 > maxBytes) return undefined
  if (!BASE64.test(base64) || decodedBytes(base64) > maxBytes) return undefined
  const data: BobData = { cid, base64 }
  const type = mediaType(attr(el, 'type'))
  if (type !== undefined) data.type = type
  const maxAge = attr(el, 'max-age')
  if (maxAge !== undefined) data.maxAge = MAX_AGE.test(maxAge.trim()) ? Number(maxAge.trim()) : 0
  return data
}

/**
 * The Bits of Binary a reply carries (XEP-0231 §2: in an IQ, inside its first-level child),
 * by Content-ID: the first usable data of each cid, or undefined for a cid the reply carries
 * only as data this module refuses (then there is nothing to fetch: the entity sent it).
 * Data at the IQ's top level is read too.
 */
export const bobDataIn = (iq: XmlElement, maxBytes: number): Map<string, BobData | undefined> => {
  const found = new Map<string, BobData | undefined>()
  const take = (el: XmlElement): void => {
    if (el.name !== 'data' || attr(el, 'xmlns') !== NS_BOB) return
    const cid = attr(el, 'cid')
    if (cid === undefined || found.get(cid) !== undefined) return
    found.set(cid, parseBobData(el, maxBytes))
  }
  for (const top of elements(iq)) {
    take(top)
    if (top.name !== 'data') for (const el of elements(top)) take(el)
  }
  return found
}

/** XEP-0231 §3 Ex 2: asks `to` for the data of Content-ID `cid`. */
export const buildBobRequest = (id: string, to: string, cid: string): Element => {
  const iq = new Element('iq', { type: 'get', to, id })
  iq.c('data', { xmlns: NS_BOB, cid })
  return iq
}

/**
 * XEP-0231 §3 Ex 3: the data of `cid` from a reply to {@link buildBobRequest}. Undefined
 * for an error, other data, or data that fails {@link parseBobData}.
 */
export const parseBobReply = (iq: XmlElement, cid: string, maxBytes: number): BobData | undefined => {
  if (attr(iq, 'type') !== 'result') return undefined
  const el = child(iq, 'data', NS_BOB)
  const data = el && parseBobData(el, maxBytes)
  return data !== undefined && data.cid === cid ? data : undefined
}

/** The image type of a `cid:` media URI's data: the data's type, else the URI's; both must be images. */
const imageTypeOf = (uri: MediaUri, data: BobData): string | undefined => {
  const declared = uri.type === undefined ? undefined : mediaType(uri.type)
  if (uri.type !== undefined && (declared === undefined || !isImageType(declared))) return undefined
  if (data.type !== undefined && !isImageType(data.type)) return undefined
  return data.type ?? declared
}

/** Whether a media URI may become an image: a `cid:` URI not declared as another type. */
const imageCid = (uri: MediaUri): string | undefined => {
  if (uri.cid !== undefined) return undefined
  const cid = contentId(uri.uri)
  if (cid === undefined) return undefined
  const type = uri.type === undefined ? undefined : mediaType(uri.type)
  return uri.type === undefined || (type !== undefined && isImageType(type)) ? cid : undefined
}

/**
 * The distinct Content-IDs of the `cid:` URIs on `form`'s media that may be images (typed
 * `image/*`, or untyped), in document order.
 */
export const mediaContentIds = (form: DataForm): string[] => {
  const ids = new Set<string>()
  for (const field of form.fields) {
    for (const media of field.media ?? []) {
      for (const uri of media.uris) {
        const cid = imageCid(uri)
        if (cid !== undefined) ids.add(cid)
      }
    }
  }
  return [...ids]
}

const resolveUri = (uri: MediaUri, lookup: BobLookup): MediaUri => {
  const cid = imageCid(uri)
  const data = cid === undefined ? undefined : lookup(cid)
  const type = data && imageTypeOf(uri, data)
  if (data === undefined || type === undefined) return uri
  return { uri: `data:${type};base64,${data.base64}`, cid: uri.uri, type }
}

const resolveMedia = (media: Media, lookup: BobLookup): Media => {
  const uris = media.uris.map((uri) => resolveUri(uri, lookup))
  return uris.every((uri, i) => uri === media.uris[i]) ? media : { ...media, uris }
}

/**
 * `form` with each `cid:` media URI whose image data `lookup` knows replaced by
 * `{ uri: 'data:<type>;base64,…', cid: 'cid:…', type }` (image types only). Fields and
 * media without a change are the same objects; `form` itself is not modified.
 */
export const withBobImages = (form: DataForm, lookup: BobLookup): DataForm => {
  let changed = false
  const fields = form.fields.map((field): FormField => {
    if (field.media === undefined) return field
    const media = field.media.map((m) => resolveMedia(m, lookup))
    if (media.every((m, i) => m === field.media![i])) return field
    changed = true
    return { ...field, media }
  })
  return changed ? { ...form, fields } : form
}
