/**
 * JID handling (RFC 7622) for addressing XEP-0077 requests and matching their replies:
 * a light well-formedness check and the comparison form of each part (width mapping, case
 * folding and Unicode normalisation).
 */

/** The parts of a JID. */
export interface JidParts {
  local?: string
  domain: string
  resource?: string
}

const MAX_PART = 1023
// RFC 7622 §3.3.1: characters a localpart may not hold, plus white space and controls.
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const BAD_LOCAL = /[\s"&'/:<>@\u0000-\u001f\u007f]/
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const BAD_DOMAIN = /[\s"&'/<>@\u0000-\u001f\u007f]/

/** Splits a JID string into its parts; undefined when it is not a well-formed JID. */
export const parseJid = (jid: string): JidParts | undefined => {
  const slash = jid.indexOf('/')
  const bare = slash === -1 ? jid : jid.slice(0, slash)
  const resource = slash === -1 ? undefined : jid.slice(slash + 1)
  const at = bare.indexOf('@')
  const local = at === -1 ? undefined : bare.slice(0, at)
  const domain = at === -1 ? bare : bare.slice(at + 1)
  if (domain === '' || domain.length > MAX_PART || BAD_DOMAIN.test(domain)) return undefined
  if (local !== undefined && (local === '' || local.length > MAX_PART || BAD_LOCAL.test(local))) return undefined
  if (resource !== undefined && (resource === '' || resource.length > MAX_PART)) return undefined
  const parts: JidParts = { domain }
  if (local !== undefined) parts.local = local
  if (resource !== undefined) parts.resource = resource
  return parts
}

/** The parts joined back into a JID string. */
export const formatJid = (parts: JidParts): string =>
  (parts.local === undefined ? '' : `${parts.local}@`) + parts.domain +
  (parts.resource === undefined ? '' : `/${parts.resource}`)

// RFC 7613/8265 width mapping: the full-width and half-width forms (Unicode decomposition
// types <wide> and <narrow>) map to their decompositions, which NFKC of each gives.
const WIDE_OR_NARROW = /[\u3000\uff01-\uffee]/g
const widthMapped = (part: string): string => part.replace(WIDE_OR_NARROW, (c) => c.normalize('NFKC'))
// UTS #46 (RFC 7622 §3.2): full stops that separate domain labels.
const FULL_STOPS = /[\u3002\uff0e\uff61]/g
// RFC 7613/8265 OpaqueString: non-ASCII spaces (Zs) map to U+0020.
const NON_ASCII_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g

/** Localpart (UsernameCaseMapped): width mapping, lower case, NFC. */
const normalLocal = (local: string): string => widthMapped(local).toLowerCase().normalize('NFC')
/** Domainpart (UTS #46 mapping): full stops, NFKC, lower case, NFC, no trailing dot. */
const normalDomain = (domain: string): string =>
  domain.replace(FULL_STOPS, '.').normalize('NFKC').toLowerCase().normalize('NFC').replace(/\.$/, '')
/** Resourcepart (OpaqueString): spaces, NFC; letter case kept. */
const normalResource = (resource: string): string => resource.replace(NON_ASCII_SPACE, ' ').normalize('NFC')

const normalForm = (jid: string): string => {
  const parts = parseJid(jid)
  if (parts === undefined) return jid
  const normal: JidParts = { domain: normalDomain(parts.domain) }
  if (parts.local !== undefined) normal.local = normalLocal(parts.local)
  if (parts.resource !== undefined) normal.resource = normalResource(parts.resource)
  const text = formatJid(normal)
  // A mapping that makes a separator (a full-width @ or /) gives no JID: compare as given.
  const again = parseJid(text)
  if (again === undefined || again.local !== normal.local || again.domain !== normal.domain) return jid
  return text
}

/**
 * Whether `jid` is all ASCII with no upper-case letter before its resource and no dot ending
 * its domain: then it is in normal form already (one pass, no allocation).
 */
const isNormalAscii = (jid: string): boolean => {
  let bareEnd = jid.length
  for (let i = 0; i < jid.length; i++) {
    const c = jid.charCodeAt(i)
    if (c > 0x7f) return false
    if (bareEnd === jid.length) {
      if (c === 0x2f) bareEnd = i
      else if (c >= 0x41 && c <= 0x5a) return false
    }
  }
  return bareEnd === 0 || jid.charCodeAt(bareEnd - 1) !== 0x2e
}

// eslint-disable-next-line no-control-regex -- ASCII is what it tests
const NON_ASCII = /[^\u0000-\u007f]/
const CACHE_SIZE = 1024
/** Normal forms of non-ASCII JIDs (senders are untrusted: bounded, emptied when full). */
const cache = new Map<string, string>()

/**
 * A JID in the form used to compare JIDs as RFC 7622 does: the localpart width-mapped,
 * lower-cased and in NFC; the domainpart with full stops, NFKC and lower case (UTS #46) and
 * without a trailing dot; the resource in NFC with its letter case kept. A string that is no
 * JID is returned unchanged. ASCII JIDs take a fast path; other results are cached.
 */
export const normalizeJid = (jid: string): string => {
  // Most JIDs are already in normal form.
  if (isNormalAscii(jid)) return jid
  if (!NON_ASCII.test(jid)) return normalForm(jid)
  let normal = cache.get(jid)
  if (normal === undefined) {
    normal = normalForm(jid)
    if (cache.size >= CACHE_SIZE) cache.clear()
    cache.set(jid, normal)
  }
  return normal
}

/** The bare form (no resource) of a JID's parts, normalised. */
export const bareOf = (parts: JidParts): string => normalizeJid(formatJid({ ...parts, resource: undefined }))
