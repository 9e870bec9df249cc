/**
 * The xmpp-ftw login a plugin instance serves: its own JID, normalised as replies are matched
 * against it (RFC 6120 §8.1.2.1: the home server may answer for the account), cached per
 * manager, and the connection errors of a request that cannot go out or lost its stream.
 */
import type * as T from '../core/types'
import type { ManagerLike } from '../transport/host'
import { bareOf, normalizeJid, parseJid } from '../transport/jid'

/** The session's own JID, normalised, as replies are matched against it. */
export interface Session {
  local?: string
  domain: string
  bare: string
  /** Domain, bare and full JID: senders that may answer for the home server. */
  own: ReadonlySet<string>
}

const sessions = new WeakMap<object, { jid: string; session: Session | undefined }>()

/** The session of `manager`'s JID (undefined: not logged in, or no valid JID). */
export const sessionOf = (manager: ManagerLike | false | undefined): Session | undefined => {
  const jid = manager ? manager.jid : undefined
  if (!manager || typeof jid !== 'string') return undefined
  const cached = sessions.get(manager)
  if (cached !== undefined && cached.jid === jid) return cached.session
  const parts = parseJid(jid)
  let session: Session | undefined
  if (parts !== undefined) {
    const domain = normalizeJid(parts.domain)
    const bare = bareOf(parts)
    session = { domain, bare, own: new Set([domain, bare, normalizeJid(jid)]) }
    if (parts.local !== undefined) session.local = parts.local
  }
  sessions.set(manager, { jid, session })
  return session
}

/** Whether `jid` (normalised) is the session's home server or its own account: it may answer without `from`. */
export const isHome = (session: Session | undefined, jid: string): session is Session =>
  session !== undefined && (jid === session.domain || jid === session.bare)

/** A request with no XMPP client to send it on. */
export const NOT_CONNECTED: T.ConnectionError = { type: 'connection', condition: 'not-connected', description: 'You are not connected' }
/** The stream closed, or the session logged out or in again, before the reply. */
export const DISCONNECTED: T.ConnectionError = { type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' }
