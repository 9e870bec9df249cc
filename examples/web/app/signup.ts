// The example page's sign-up before login (XEP-0077 on the gateway's sign-up stream, XEP-0445
// tokens, XEP-0401 invite links), the parts without a DOM: what `xmpp.register.account.get`
// answered turned into one form for the generic renderer, the filled-in form turned back into
// the `xmpp.register.account.set` payload and the login, invite links from the page URL, and
// sign-up errors in words. Unit-tested in Node.
import { REGISTRATION_FIELDS, type RegistrationField } from '../../../src/core/fields'
import type { AccountGetResult, SignupResult } from '../../../src/signup/types'
import type { DataForm, FormField, FormFieldInput, RegisterError } from '../../../src/core/types'
import { CONDITIONS, FALLBACK, inWords, UNREACHABLE_XMPP, unreachable } from './errors'

/** Data of `xmpp.register.account.get` (see the README's sign-up section). */
export type AccountInfo = AccountGetResult

/** Data of `xmpp.register.account.set`. */
export type AccountCreated = SignupResult

/** A form as the renderer gives it back, filled in. */
export interface FilledForm {
  formType?: string
  fields: FormFieldInput[]
}

/** Labels of the 17 legacy XEP-0077 fields. */
export const FIELD_LABELS: Record<RegistrationField, string> = {
  username: 'Username', nick: 'Nickname', password: 'Password', name: 'Full name', first: 'Given name', last: 'Family name',
  email: 'Email', address: 'Address', city: 'City', state: 'State', zip: 'Postal code', phone: 'Phone', url: 'Web site',
  date: 'Date', misc: 'Other', text: 'Text', key: 'Key'
}

/**
 * The form the page shows for a sign-up: the server's data form (mode `form`), or the legacy
 * fields it asked for as one (mode `legacy`: `password` private, `key` hidden, all required as
 * XEP-0077 §3.1 has it); undefined for `redirect` (only instructions and a link). The invite's
 * suggested username fills an empty `username` field.
 */
export const signupForm = (info: AccountInfo): DataForm | undefined => {
  const suggested = info.invite?.username
  const suggest = (field: FormField): FormField =>
    field.var === 'username' && suggested !== undefined && (field.value === undefined || field.value === '') ? { ...field, value: suggested } : field
  if (info.mode === 'form' && info.form) return { ...info.form, fields: info.form.fields.map(suggest) }
  if (info.mode !== 'legacy') return undefined
  const fields = REGISTRATION_FIELDS.filter((name) => info[name] !== undefined).map((name): FormField => {
    const value = info[name]
    if (name === 'key') return { var: name, type: 'hidden', value: typeof value === 'string' ? value : '' }
    const field: FormField = { var: name, type: name === 'password' ? 'text-private' : 'text-single', label: FIELD_LABELS[name], required: true }
    return suggest(typeof value === 'string' ? { ...field, value } : field)
  })
  return { fields }
}

const fieldValue = (form: FilledForm, name: string): string | undefined => {
  const value = form.fields.find((field) => field.var === name)?.value
  if (Array.isArray(value)) return value.length === 0 ? undefined : String(value[0])
  return value === undefined || value === null ? undefined : String(value)
}

/** The `xmpp.register.account.set` payload for the form the user filled in. */
export const accountSetRequest = (info: AccountInfo, filled: FilledForm): Record<string, unknown> => {
  if (info.mode === 'form') return { domain: info.domain, form: filled }
  const request: Record<string, unknown> = { domain: info.domain }
  for (const name of REGISTRATION_FIELDS) {
    const value = fieldValue(filled, name)
    if (value !== undefined) request[name] = value
  }
  return request
}

/**
 * Username and password to log in with after the sign-up: the new JID's local part (else the
 * `username` field) and the `password` field; undefined when the form had no password.
 */
export const loginAfterSignup = (created: AccountCreated, filled: FilledForm): { username: string; password: string } | undefined => {
  const local = created.jid?.includes('@') ? created.jid.slice(0, created.jid.indexOf('@')) : undefined
  const username = local ?? fieldValue(filled, 'username')
  const password = fieldValue(filled, 'password')
  return username === undefined || username === '' || password === undefined || password === '' ? undefined : { username, password }
}

/** The invite link in the page URL's query (`?invite=xmpp:…`), if any. */
export const inviteFromQuery = (search: string): string | undefined => {
  const invite = new URLSearchParams(search).get('invite')?.trim()
  return invite === undefined || invite === '' ? undefined : invite
}

/** The form shows an image to read (a CAPTCHA, XEP-0158): a field with a `data:image/…` media URI. */
export const hasImage = (form: DataForm): boolean =>
  form.fields.some((field) => field.media?.some((media) => media.uris.some(({ uri }) => uri.startsWith('data:image/'))) === true)

/**
 * A fresh form (a new CAPTCHA after a wrong answer, or "New image") with what the user typed
 * in the last one kept: the values of its editable fields that carry no image (username,
 * password…); the answer, hidden and fixed fields come from the fresh form.
 */
export const keepTyped = (fresh: DataForm, typed: FilledForm): DataForm => ({
  ...fresh,
  fields: fresh.fields.map((field) => {
    if (field.var === undefined || field.type === 'hidden' || field.type === 'fixed' || field.media !== undefined || field.var === 'captcha-fallback-url') return field
    const value = typed.fields.find((input) => input.var === field.var)?.value
    if ((typeof value === 'string' && value !== '') || typeof value === 'boolean') return { ...field, value }
    return Array.isArray(value) && value.length > 0 ? { ...field, value: value.map(String) } : field
  })
})

/** What the page knows when it words a sign-up error. */
export interface SignupContext {
  /** An invite (or token) was given. */
  invited: boolean
  /** The error carries a fresh form with a new image to read (a CAPTCHA answered wrong, or expired). */
  newImage?: boolean
}

/** Sign-up conditions in words (others as after login, ./errors); the server's own text follows in brackets. */
const SIGNUP_CONDITIONS: Record<string, (context: SignupContext) => string> = {
  'not-acceptable': ({ invited }) => invited
    ? 'The server did not accept this sign-up (some information is missing or not acceptable)'
    : 'This server needs an invite to create an account: paste your invite link above',
  forbidden: () => 'This invite is not valid or was already used',
  conflict: () => 'That username is already taken: choose another',
  'not-allowed': () => 'This server does not allow creating accounts here',
  'feature-not-implemented': () => 'This server does not offer creating an account from a web page',
  'service-unavailable': () => 'This server does not offer creating an account from a web page',
  'tls-failure': () => 'No secure connection to the server could be made',
  'resource-constraint': () => 'Too many sign-ups at the moment: try again in a minute',
  'policy-violation': () => 'The server refused the sign-up (too many, or not from here)',
  timeout: () => 'The server did not answer in time',
  disconnected: () => 'The sign-up was interrupted (idle too long, or the server closed it): start again',
  'not-connected': () => 'The web server cannot be reached',
  'client-error': () => 'The page sent a request the web server does not accept',
  'bad-request': () => 'The server did not accept the request'
}

/** Conditions of a refused CAPTCHA answer whose error brought a new image (XEP-0158 §3.4; ejabberd: not-allowed for both). */
const CAPTCHA_CONDITIONS: Record<string, string> = {
  'not-allowed': 'The answer was wrong — here is a new image',
  'not-acceptable': 'The answer was wrong — here is a new image',
  'service-unavailable': 'The image expired — here is a new one'
}

/** A wait in words, rounded up: "45 seconds", "12 minutes", "2 hours". */
const waitWords = (seconds: number): string => {
  const [n, unit] = seconds < 60 ? [seconds, 'second'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds / 3600), 'hour']
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

/** A refusal by the web server's own sign-up limits (policy-violation with retryAfter): who is limited, and how long to wait. */
const limitWords = (error: RegisterError): string | undefined => {
  const retryAfter = (error as { retryAfter?: unknown }).retryAfter
  if (error.condition !== 'policy-violation' || typeof retryAfter !== 'number' || !(retryAfter > 0)) return undefined
  const who = error.description?.includes('on this service') ? 'on this service right now' : 'from your network'
  return `Too many sign-ups ${who}; try again in ${waitWords(Math.ceil(retryAfter))}.`
}

/**
 * An error of `account.get` or `account.set` in words (the web server's own limits with the time
 * to wait, a network failure as such), with the server's own text when it is words (see ./errors).
 */
export const describeSignupError = (error: RegisterError, context: SignupContext): string => {
  const limited = limitWords(error)
  if (limited !== undefined) return limited
  if (unreachable(error)) return `${UNREACHABLE_XMPP}.`
  const captcha = context.newImage === true ? CAPTCHA_CONDITIONS[error.condition] : undefined
  const words = SIGNUP_CONDITIONS[error.condition]
  return inWords(captcha ?? (words ? words(context) : CONDITIONS[error.condition] ?? FALLBACK), error.description)
}
