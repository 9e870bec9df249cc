/**
 * Sign-up requests from a socket, checked (XEP-0077 before login, XEP-0445 tokens, XEP-0401
 * invites): every payload is untrusted JSON. A check returns a ready command, or the text of
 * the client error (naming the key). The domain must be one the operator listed: nothing is
 * ever opened for another. Nothing here throws.
 */
import type { InvalidField } from '../core/types'
import { normalizeJid } from '../transport/jid'
import { MESSAGES } from '../xep0077/request-text'
import { checkSet, type SetCommand } from '../xep0077/validate'
import { serverFor, type SignupConfig } from './config'
import { isToken, parseInvite } from './invite'
import type { InviteSummary } from './types'

/** What a stream registers with: legacy fields or a form, as `checkSet` makes them (`to` is the domain). */
export type SignupCommand = Omit<SetCommand, 'to'>

/** Client error texts of the sign-up requests. */
export const SIGNUP_MESSAGES = {
  notAnObject: "Request must be an object with a 'domain' or 'invite' key",
  notConfigured: "'domain' key names a domain this server does not sign up for",
  badToken: "'token' key must be a token: 1 to 1024 characters, no white space, quotes, '<', '>' or '&'",
  domainNotInvite: "'domain' key differs from the invite's domain",
  tokenAndInvite: "Give either a 'token' or an 'invite' key, not both"
} as const

/** A checked `get`: the configured domain, the token to send first, what the invite said. */
export interface AccountGetCommand {
  domain: string
  token?: string
  invite?: InviteSummary
}

/** A checked `set`: the configured domain, the registration, the token to send first if none was. */
export interface AccountSetCommand {
  domain: string
  token?: string
  registration: SignupCommand
}

/** A checked sign-up payload: the command, or the text of the client error. */
export type SignupChecked<T> = { ok: true; command: T } | { ok: false; message: string; fields?: InvalidField[] }

class SignupRequestError extends Error {
  constructor(message: string, readonly fields?: InvalidField[]) {
    super(message)
  }
}

const refuse = (message: string, fields?: InvalidField[]): never => {
  throw new SignupRequestError(message, fields)
}

const check = <T>(run: () => T): SignupChecked<T> => {
  try {
    return { ok: true, command: run() }
  } catch (e) {
    if (!(e instanceof SignupRequestError)) return { ok: false, message: MESSAGES.invalid }
    return e.fields === undefined ? { ok: false, message: e.message } : { ok: false, message: e.message, fields: e.fields }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const given = (value: unknown): boolean => value !== undefined && value !== null && value !== ''

/** The payload's configured domain (lower-case), or the client error. */
const checkDomain = (value: unknown, config: SignupConfig): string => {
  if (!given(value)) return refuse(MESSAGES.missingKey('domain'))
  if (typeof value !== 'string') return refuse(MESSAGES.notString('domain'))
  return serverFor(config, value)?.domain ?? refuse(SIGNUP_MESSAGES.notConfigured)
}

const checkToken = (value: unknown): string | undefined => {
  if (!given(value)) return undefined
  return isToken(value) ? value : refuse(SIGNUP_MESSAGES.badToken)
}

/** Checks an `xmpp.register.account.get` payload: `{ domain, token? }` or `{ invite }`. */
export const checkAccountGet = (data: unknown, config: SignupConfig): SignupChecked<AccountGetCommand> =>
  check(() => {
    if (!isObject(data)) return refuse(SIGNUP_MESSAGES.notAnObject)
    if (!given(data.invite)) {
      const token = checkToken(data.token)
      const domain = checkDomain(data.domain, config)
      return token === undefined ? { domain } : { domain, token }
    }
    if (given(data.token)) refuse(SIGNUP_MESSAGES.tokenAndInvite)
    const read = parseInvite(data.invite)
    if (!read.ok) return refuse(read.message)
    const { domain, token, username, inviter } = read.invite
    const configured = checkDomain(domain, config)
    if (given(data.domain) && (typeof data.domain !== 'string' || serverFor(config, data.domain)?.domain !== configured)) {
      refuse(SIGNUP_MESSAGES.domainNotInvite)
    }
    const invite: InviteSummary = { domain: configured }
    if (username !== undefined) invite.username = username
    if (inviter !== undefined) invite.contact = normalizeJid(inviter)
    return { domain: configured, token, invite }
  })

/**
 * Checks an `xmpp.register.account.set` payload: `{ domain, <legacy fields> | form, token? }`.
 * A form that names no FORM_TYPE gets `formTypeFor(domain)` (get's form's, as after login),
 * else `jabber:iq:register`.
 */
export const checkAccountSet = (
  data: unknown, config: SignupConfig, formTypeFor?: (domain: string) => string | undefined
): SignupChecked<AccountSetCommand> =>
  check(() => {
    if (!isObject(data)) return refuse(SIGNUP_MESSAGES.notAnObject)
    const domain = checkDomain(data.domain, config)
    const token = checkToken(data.token)
    const set = checkSet({ ...data, to: domain }, formTypeFor === undefined ? {} : { formTypeFor: () => formTypeFor(domain) })
    // A form object from get is checked against its own rules (XEP-0004, XEP-0122): `fields` names each offender.
    if (!set.ok) return refuse(set.message, set.fields)
    const registration: SignupCommand = set.command.form === undefined
      ? { fields: set.command.fields }
      : { fields: set.command.fields, form: set.command.form }
    return token === undefined ? { domain, registration } : { domain, token, registration }
  })
