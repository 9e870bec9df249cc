/**
 * XEP-0077 reply parsers: an `<iq type='result'/>` or `<iq type='error'/>` in, the JSON
 * for the callback out. The reply is untrusted; nothing here throws.
 */
import { findDataForm, parseDataForm } from '../forms/data-form'
import { isRegistrationField } from '../core/fields'
import { LEGACY_ERROR_CODES } from './legacy-codes'
import { NS_DATA, NS_OOB_IQ, NS_OOB_X, NS_REGISTER, NS_STANZAS } from '../core/namespaces'
import { oobOf, parseOob } from '../media/oob'
import type { Reply } from '../core/reply'
import type { ApplicationError, GetResult, Oob, RegisteredResult, RegistrationInfo, RegistrationMode, StanzaError, XmlElement } from '../core/types'
import { attr, child, elements, isXmlElement, text } from '../transport/xml'


const query = (iq: XmlElement): XmlElement | undefined => child(iq, 'query', NS_REGISTER)

/** Adds the reply's out-of-band data to `value` (a new object of the parser's own), if any. */
const withOob = <T extends { oob?: Oob }>(value: T, iq: XmlElement, q: XmlElement | undefined = query(iq)): T => {
  const oob = parseOob(q, iq)
  if (oob !== undefined) value.oob = oob
  return value
}

/**
 * RFC 6120 §8.3 error of an `<iq type='error'/>`, in the xmpp-ftw shape, with the data
 * form (XEP-0077 Ex 16, Ex 23) and out-of-band data the reply carries. A legacy `code`
 * without a condition element is mapped through XEP-0086.
 */
export const parseStanzaError = (iq: XmlElement): StanzaError => {
  const out: StanzaError = { type: 'cancel', condition: 'undefined-condition' }
  const error = child(iq, 'error')
  if (error === undefined) {
    out.description = 'Error reply without an <error/> element'
  } else {
    let condition: string | undefined
    let description: string | undefined
    let application: ApplicationError | undefined
    let redirect: string | undefined
    for (const el of elements(error)) {
      const xmlns = attr(el, 'xmlns')
      const name = el.name.toLowerCase()
      if (xmlns === NS_STANZAS) {
        if (name === 'text') {
          description ??= text(el)
        } else if (condition === undefined) {
          condition = name
          // RFC 6120 §8.3.3.5 and §8.3.3.14: the new address is the condition's text.
          if (name === 'gone' || name === 'redirect') redirect = text(el).trim() || undefined
        }
      } else if (application === undefined) {
        application = { condition: name }
        if (xmlns !== undefined) application.xmlns = xmlns
        const detail = text(el)
        if (detail !== '') application.description = detail
      }
    }
    const legacy = LEGACY_ERROR_CODES[(attr(error, 'code') ?? '').trim()]
    const type = attr(error, 'type')
    out.type = type || legacy?.type || 'cancel'
    out.condition = condition ?? legacy?.condition ?? 'undefined-condition'
    if (description !== undefined) out.description = description
    if (application !== undefined) out.application = application
    const by = attr(error, 'by')
    if (by !== undefined) out.by = by
    if (redirect !== undefined) out.redirect = redirect
  }
  const q = query(iq)
  const form = findDataForm(q)
  if (form !== undefined) out.form = form
  return withOob(out, iq, q)
}

const MISSING_QUERY: StanzaError = {
  type: 'cancel',
  condition: 'undefined-condition',
  description: "Reply has no <query xmlns='jabber:iq:register'/>"
}

/**
 * XEP-0077 §7 (Precedence Order) and §6 (Redirection): `form` with a data form; else `legacy`
 * with a legacy field; else `redirect` with an out-of-band URL; else `legacy`.
 */
const modeOf = (hasForm: boolean, hasLegacyField: boolean, oob: Oob | undefined): RegistrationMode =>
  hasForm ? 'form' : hasLegacyField || oob?.url === undefined ? 'legacy' : 'redirect'

/** `form` when there is a data form; `redirect` when there are no legacy fields but a URL; else `legacy`. */
export const registrationMode = (result: RegistrationInfo): RegistrationMode => {
  let hasLegacyField = false
  // Own enumerable keys, as Object.keys has them, without making their array.
  for (const key in result) {
    if (Object.hasOwn(result, key) && isRegistrationField(key)) {
      hasLegacyField = true
      break
    }
  }
  return modeOf(result.form !== undefined, hasLegacyField, result.oob)
}

/**
 * A get reply read in one pass over the iq (the query as `query` finds it, and out-of-band
 * data beside it) and one over the query (legacy fields, instructions, registered, the form,
 * out-of-band data); with `withMode`, the data gets its {@link registrationMode} last.
 */
const readGetReply = (iq: XmlElement, withMode: boolean): Reply<GetResult> => {
  if (attr(iq, 'type') === 'error') return { error: parseStanzaError(iq) }
  let q: XmlElement | undefined
  let besideX: XmlElement | undefined
  let besideQuery: XmlElement | undefined
  for (const c of iq.children) {
    if (typeof c === 'string') continue
    if (c.name === 'query') {
      if (!isXmlElement(c)) continue
      const xmlns = attr(c, 'xmlns')
      if (xmlns === NS_REGISTER) q ??= c
      else if (xmlns === NS_OOB_IQ) besideQuery ??= c
    } else if (c.name === 'x' && besideX === undefined && isXmlElement(c) && attr(c, 'xmlns') === NS_OOB_X) {
      besideX = c
    }
  }
  if (q === undefined) return { error: { ...MISSING_QUERY } }
  const data: RegistrationInfo = {}
  let hasLegacyField = false
  let form: XmlElement | undefined
  let oobX: XmlElement | undefined
  let oobQuery: XmlElement | undefined
  for (const el of q.children) {
    if (typeof el === 'string' || !isXmlElement(el)) continue
    const xmlns = attr(el, 'xmlns')
    if (xmlns === undefined || xmlns === NS_REGISTER) {
      if (isRegistrationField(el.name)) {
        hasLegacyField = true
        if (data[el.name] !== undefined) continue
        const value = text(el)
        data[el.name] = value.trim() === '' ? true : value
      } else if (el.name === 'instructions') {
        data.instructions ??= text(el)
      } else if (el.name === 'registered') {
        data.registered = true
      }
    } else if (el.name === 'x') {
      if (xmlns === NS_DATA) form ??= el
      else if (xmlns === NS_OOB_X) oobX ??= el
    } else if (el.name === 'query' && xmlns === NS_OOB_IQ) {
      oobQuery ??= el
    }
  }
  if (form !== undefined) data.form = parseDataForm(form)
  // The query's own out-of-band data first, then what is beside it (as parseOob(q, iq)).
  const oob = oobOf(oobX ?? besideX, oobQuery ?? besideQuery)
  if (oob !== undefined) data.oob = oob
  if (withMode) (data as GetResult).mode = modeOf(form !== undefined, hasLegacyField, oob)
  return { data: data as GetResult }
}

/** XEP-0077 §3.1 Ex 2, 3, 9, 25: what the entity needs, or what is on file. */
export const parseGetReply = (iq: XmlElement): Reply<RegistrationInfo> => readGetReply(iq, false)

/** XEP-0077 §3.1 Ex 2, 3, 9, 25: a get reply read, with its mode (the socket's get result). */
export const parseGetResult = (iq: XmlElement): Reply<GetResult> => readGetReply(iq, true)

/** XEP-0077 §3.1 Ex 5 and §3.3 Ex 19: registered, or the password changed. */
export const parseRegisteredReply = (iq: XmlElement): Reply<RegisteredResult> =>
  attr(iq, 'type') === 'error'
    ? { error: parseStanzaError(iq) }
    : { data: withOob<RegisteredResult>({ registered: true }, iq) }

/** An empty result (`true`), or the error: XEP-0077 §3.2 Ex 12, XEP-0445 §4 Ex 3 and Ex 4. */
export const parseAcknowledgement = (iq: XmlElement): Reply<true> =>
  attr(iq, 'type') === 'error' ? { error: parseStanzaError(iq) } : { data: true }

/** XEP-0077 §3.2 Ex 12: the registration is cancelled. */
export const parseUnregisterReply = parseAcknowledgement

/** XEP-0445 §4 Ex 3 and Ex 4: the token is accepted, or refused. */
export const parsePreauthReply = parseAcknowledgement
