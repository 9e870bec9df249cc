/**
 * XEP-0401 (Ad-hoc Account Invitation Generation) invite URIs, read into the domain to sign
 * up for, the XEP-0445 token and the suggested username. RFC 5122 `xmpp:` URIs with the
 * XEP-0147 query: `xmpp:example.org?register;preauth=TOKEN`,
 * `xmpp:juliet@example.org?register;preauth=TOKEN` and
 * `xmpp:romeo@example.org?roster;preauth=TOKEN;ibr=y`. Pure; the URI is untrusted.
 */
import { parseJid } from '../transport/jid'
import { normalizeDomain } from './config'
import type { Invite } from './types'

/** The longest invite URI accepted, in characters. */
export const MAX_INVITE_CHARS = 4096

/** The longest token accepted, in characters. */
export const MAX_TOKEN_CHARS = 1024

/** Client error texts, naming the socket key `invite`. */
export const INVITE_MESSAGES = {
  notString: "'invite' key must be a string",
  tooLong: `'invite' key must be at most ${MAX_INVITE_CHARS} characters`,
  notXmppUri: "'invite' key must be an xmpp: URI",
  notInvite: "'invite' key is not an invite URI (xmpp:…?register;preauth=… or xmpp:…?roster;preauth=…;ibr=y)",
  badAddress: "'invite' key names no valid domain",
  badToken: "'invite' key has no valid 'preauth' token",
  noIbr: "'invite' key does not allow creating an account (a roster invite without ibr=y)"
} as const

/** The outcome of reading an invite: the invite, or the text of the client error. */
export type InviteChecked = { ok: true; invite: Invite } | { ok: false; message: string }

// Tokens are opaque, usually alphanumeric: no white space, no controls, no XML-special characters.
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const BAD_TOKEN = /[\s\u0000-\u001f\u007f"'<>&\uFFFE\uFFFF]/

/** Checks a token (from an invite or given on its own): non-empty, printable, at most {@link MAX_TOKEN_CHARS}. */
export const isToken = (token: unknown): token is string =>
  typeof token === 'string' && token !== '' && token.length <= MAX_TOKEN_CHARS &&
  token.isWellFormed() && !BAD_TOKEN.test(token)

const decode = (part: string): string | undefined => {
  try {
    return decodeURIComponent(part)
  } catch {
    return undefined
  }
}

class InviteError extends Error {}

const refuse = (message: string): never => {
  throw new InviteError(message)
}

/** The `key=value` pairs of a XEP-0147 query after its action; a key given twice is refused. */
const readParams = (pairs: string[]): Map<string, string> => {
  const params = new Map<string, string>()
  for (const pair of pairs) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = decode(eq === -1 ? pair : pair.slice(0, eq))
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1))
    if (key === undefined || value === undefined || params.has(key)) refuse(INVITE_MESSAGES.notInvite)
    params.set(key!, value!)
  }
  return params
}

const read = (uri: unknown): Invite => {
  if (typeof uri !== 'string') return refuse(INVITE_MESSAGES.notString)
  const text = uri.trim()
  if (text.length > MAX_INVITE_CHARS) refuse(INVITE_MESSAGES.tooLong)
  if (!/^xmpp:/i.test(text)) refuse(INVITE_MESSAGES.notXmppUri)
  const rest = text.slice('xmpp:'.length)
  // RFC 5122 authority (xmpp://account/…) and fragments are never part of an invite.
  if (rest.startsWith('//') || rest.includes('#')) refuse(INVITE_MESSAGES.notInvite)
  const question = rest.indexOf('?')
  if (question === -1) refuse(INVITE_MESSAGES.notInvite)
  const [action, ...pairs] = rest.slice(question + 1).split(';')
  if (action !== 'register' && action !== 'roster') refuse(INVITE_MESSAGES.notInvite)
  const params = readParams(pairs)

  const address = decode(rest.slice(0, question))
  const jid = address === undefined ? undefined : parseJid(address)
  const domain = jid === undefined || jid.resource !== undefined ? undefined : normalizeDomain(jid.domain)
  if (jid === undefined || domain === undefined) return refuse(INVITE_MESSAGES.badAddress)

  const token = params.get('preauth')
  if (!isToken(token)) return refuse(INVITE_MESSAGES.badToken)
  const invite: Invite = { domain, token }
  if (action === 'roster') {
    if (params.get('ibr') !== 'y') refuse(INVITE_MESSAGES.noIbr)
    if (jid.local !== undefined) invite.inviter = `${jid.local}@${domain}`
  } else if (jid.local !== undefined) {
    invite.username = jid.local
  }
  return invite
}

/** Reads an invite URI (XEP-0401 §4); a bad one gives the client error text. Never throws. */
export const parseInvite = (uri: unknown): InviteChecked => {
  try {
    return { ok: true, invite: read(uri) }
  } catch (e) {
    return { ok: false, message: e instanceof InviteError ? e.message : INVITE_MESSAGES.notInvite }
  }
}
