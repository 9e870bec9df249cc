/**
 * Client errors: a request refused before anything was sent, with the `request` echo
 * (xmpp-ftw's convention) without private values:
 * XEP-0077's `password` and `old_password`, XEP-0445's `token`, the `preauth` token inside a
 * XEP-0401 invite URI, and the values of private form fields (XEP-0004 `text-private`,
 * XEP-0077's password names, or fields the service's form marked private) in either form
 * style. Keys stay; each private value becomes {@link HIDDEN}. Pure; the request is untrusted.
 */
import { isObject } from '../core/json'
import { isPrivateField, PASSWORD_FIELDS } from '../forms/private-fields'
import type { ClientError, InvalidField } from '../core/types'

/** What a private value of a request becomes in a client error's echo. */
export const HIDDEN = '(hidden)'

/** Top-level keys whose value is always private (the legacy password fields and a token). */
const PRIVATE_KEYS: ReadonlySet<string> = new Set([...PASSWORD_FIELDS, 'token'])

const decodeKey = (key: string): string => {
  try {
    return decodeURIComponent(key).toLowerCase()
  } catch {
    return key.toLowerCase()
  }
}

/**
 * An invite URI with the value of each `preauth` parameter hidden (XEP-0401 §4); a string that
 * has no query at all may be a pasted token and is hidden whole, as is any value not a string.
 */
export const hideInviteToken = (invite: unknown): unknown => {
  if (typeof invite !== 'string') return HIDDEN
  const query = invite.indexOf('?')
  if (query < 0) return invite.startsWith('xmpp:') ? invite : HIDDEN
  const pairs = invite.slice(query + 1).split(';').map((pair) => {
    const eq = pair.indexOf('=')
    return eq >= 0 && decodeKey(pair.slice(0, eq)) === 'preauth' ? `${pair.slice(0, eq)}=${HIDDEN}` : pair
  })
  return `${invite.slice(0, query + 1)}${pairs.join(';')}`
}

const hideFields = (fields: readonly unknown[], remembered: ReadonlySet<string> | undefined): unknown[] =>
  fields.map((field) =>
    isObject(field) && 'value' in field && isPrivateField(field, remembered) ? { ...field, value: HIDDEN } : field)

/** A submitted form (the array of fields, or `{ fields }`) with each private field's value hidden. */
export const hideFormValues = (form: unknown, remembered?: ReadonlySet<string>): unknown => {
  if (Array.isArray(form)) return hideFields(form, remembered)
  if (isObject(form) && Array.isArray(form.fields)) return { ...form, fields: hideFields(form.fields, remembered) }
  return form
}

/**
 * `request` as a client error echoes it: every private value (see the file header) replaced by
 * {@link HIDDEN}, every other key and value as given. `remembered` are the `var`s the service's
 * own form marked `text-private`. A request that is no object is echoed as it is.
 */
export const echoRequest = (request: unknown, remembered?: ReadonlySet<string>): unknown => {
  if (!isObject(request)) return request
  let echo: Record<string, unknown> | undefined
  const set = (key: string, value: unknown): void => {
    echo ??= { ...request }
    echo[key] = value
  }
  for (const key of Object.keys(request)) {
    if (PRIVATE_KEYS.has(key)) set(key, HIDDEN)
    else if (key === 'invite') set(key, hideInviteToken(request[key]))
    else if (key === 'form') set(key, hideFormValues(request[key], remembered))
  }
  return echo ?? request
}

/**
 * A request the gateway refused to act on, naming the key (and, for a form breaking its rules,
 * every offending field). The request is echoed without its private values ({@link echoRequest});
 * `remembered` are the `var`s the service's form marked `text-private`.
 */
export const clientError = (
  description: string, request: unknown, fields?: InvalidField[], remembered?: ReadonlySet<string>
): ClientError => {
  const echo = echoRequest(request, remembered)
  return fields === undefined
    ? { type: 'modify', condition: 'client-error', description, request: echo }
    : { type: 'modify', condition: 'client-error', description, request: echo, fields }
}
