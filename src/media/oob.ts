/**
 * XEP-0066 Out of Band Data: reading `jabber:x:oob` and `jabber:iq:oob` from a reply
 * into the xmpp-ftw `oob` JSON.
 */
import { NS_OOB_IQ, NS_OOB_X } from '../core/namespaces'
import type { Oob, XmlElement } from '../core/types'
import { attr, child, isXmlElement, text } from '../transport/xml'

const readOob = (el: XmlElement, out: Oob): Oob => {
  const url = child(el, 'url')
  if (url !== undefined) {
    const value = text(url).trim()
    if (value !== '') out.url = value
  }
  const desc = child(el, 'desc')
  if (desc !== undefined) {
    const value = text(desc)
    if (value !== '') out.description = value
  }
  return out
}

/** The first `jabber:x:oob` `<x/>` and the first `jabber:iq:oob` `<query/>` of one parent. */
interface OobChildren { x: XmlElement | undefined; query: XmlElement | undefined }

/** Both of {@link OobChildren} in one pass over `parent`'s children (as `child` finds each). */
const oobChildren = (parent: XmlElement | undefined): OobChildren => {
  const found: OobChildren = { x: undefined, query: undefined }
  if (parent === undefined) return found
  for (const c of parent.children) {
    if (typeof c === 'string') continue
    if (c.name === 'x') {
      if (found.x === undefined && isXmlElement(c) && attr(c, 'xmlns') === NS_OOB_X) found.x = c
    } else if (c.name === 'query') {
      if (found.query === undefined && isXmlElement(c) && attr(c, 'xmlns') === NS_OOB_IQ) found.query = c
    }
  }
  return found
}

/**
 * Out-of-band data found in `first`, then `second` (checked in order: the first `jabber:x:oob`
 * `<x/>`, else the first `jabber:iq:oob` `<query/>`, whose `sid` becomes `stream`).
 * Undefined when there is none.
 */
export const parseOob = (first: XmlElement | undefined, second?: XmlElement): Oob | undefined => {
  const a = oobChildren(first)
  const b = oobChildren(second)
  return oobOf(a.x ?? b.x, a.query ?? b.query)
}

/**
 * The out-of-band data of `x` (a `jabber:x:oob` `<x/>`) when given, else of `query` (a
 * `jabber:iq:oob` `<query/>`, whose `sid` becomes `stream`); undefined with neither. For a
 * parser that found both in its own pass over the reply.
 */
export const oobOf = (x: XmlElement | undefined, query: XmlElement | undefined): Oob | undefined => {
  if (x !== undefined) return readOob(x, {})
  if (query === undefined) return undefined
  const sid = attr(query, 'sid')
  return readOob(query, sid !== undefined && sid !== '' ? { stream: sid } : {})
}
