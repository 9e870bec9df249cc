/**
 * XEP-0066 Out of Band Data: reading `jabber:x:oob` and `jabber:iq:oob` from a reply
 * into the xmpp-ftw `oob` JSON.
 */
import { NS_OOB_IQ, NS_OOB_X } from '../core/namespaces'
import type { Oob, XmlElement } from '../core/types'
import { attr, child, text } from '../transport/xml'

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

/**
 * Out-of-band data found in `parents` (checked in order: the first `jabber:x:oob` `<x/>`,
 * else the first `jabber:iq:oob` `<query/>`, whose `sid` becomes `stream`).
 * Undefined when there is none.
 */
export const parseOob = (...parents: ReadonlyArray<XmlElement | undefined>): Oob | undefined => {
  for (const parent of parents) {
    const x = parent && child(parent, 'x', NS_OOB_X)
    if (x !== undefined) return readOob(x, {})
  }
  for (const parent of parents) {
    const query = parent && child(parent, 'query', NS_OOB_IQ)
    if (query !== undefined) {
      const sid = attr(query, 'sid')
      return readOob(query, sid !== undefined && sid !== '' ? { stream: sid } : {})
    }
  }
  return undefined
}
