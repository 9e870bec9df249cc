/**
 * XEP-0077 requests from a socket, checked: every payload is untrusted JSON. A check
 * returns a ready command, or the text of the client error to report (naming the key).
 * Nothing here throws.
 */
import { FORM_TYPE, submitValues, takesOneValue, type SubmitField, type SubmitForm } from '../forms/data-form'
import { REGISTRATION_FIELDS, type RegistrationField } from '../core/fields'
import { invalidFormMessage, validateForm } from '../forms/form-rules'
import type { FormSlot } from '../forms/form-memory'
import { isObject, scalarText, type JsonObject } from '../core/json'
import { parseJid } from '../transport/jid'
import { NS_CANCEL, NS_CHANGE_PASSWORD, NS_REGISTER } from '../core/namespaces'
import { DEFAULT_MAX_STANZA_BYTES } from '../transport/size'
import { allXmlText, Budget, EMPTY_FIELD_BYTES, EMPTY_VALUE_BYTES, isXmlText, MESSAGES, RequestError, sizeUpperBound, xmlText } from './request-text'
import type { InvalidField } from '../core/types'

/** What a check needs besides the payload. */
export interface CheckOptions {
  /** The most UTF-8 bytes the request stanza may take (default 65536). */
  maxStanzaBytes?: number
  /**
   * The FORM_TYPE to submit to `to` with a form of `slot` (the operation) that names none:
   * the one the service last sent, or undefined for the operation's default.
   */
  formTypeFor?: (to: string, slot: FormSlot) => string | undefined
}

/** A checked `get`. */
export interface GetCommand {
  to: string
}

/** A checked `set`: legacy fields in schema order, or a form. */
export interface SetCommand {
  to: string
  fields: Array<{ name: RegistrationField; value: string }>
  form?: SubmitForm
}

/** A checked `unregister`: `<remove/>` unless a cancellation form is given. */
export interface UnregisterCommand {
  to: string
  form?: SubmitForm
}

/** A checked `password`: a change form, or username and new password. */
export type PasswordCommand =
  | { to: string; form: SubmitForm }
  | { to: string; username: string; password: string }

/**
 * The outcome of a check. `sizeBound` is an upper bound of the request stanza's UTF-8 size:
 * when it is within the limit, the built stanza need not be measured.
 */
export type Checked<T> =
  | { ok: true; command: T; sizeBound: number }
  | { ok: false; message: string; fields?: InvalidField[] }

type Payload = JsonObject

/** Runs a check: its command and size bound, or the client error a {@link RequestError} names. */
export const check = <T>(options: CheckOptions, run: (budget: Budget, data: unknown, options: CheckOptions) => T, data?: unknown): Checked<T> => {
  try {
    const budget = new Budget(options.maxStanzaBytes ?? DEFAULT_MAX_STANZA_BYTES)
    const command = run(budget, data, options)
    return { ok: true, command, sizeBound: budget.upperBound }
  } catch (e) {
    if (!(e instanceof RequestError)) return { ok: false, message: MESSAGES.invalid }
    return e.fields === undefined ? { ok: false, message: e.message } : { ok: false, message: e.message, fields: e.fields }
  }
}

/**
 * The last string found to be XML text and a well-formed JID: requests name the same
 * addressee again and again, and the same string needs no second scan.
 */
let lastJid: string | undefined

/** Whether `value` is XML text and a well-formed JID (the last one found so is remembered). */
const isJidText = (value: string): boolean => {
  if (value === lastJid) return true
  if (!isXmlText(value) || parseJid(value) === undefined) return false
  lastJid = value
  return true
}

/** Checks the JID a request names under `key` (given, not empty): a string, counted, a valid JID. */
export const checkJid = (key: string, value: unknown, budget: Budget): string => {
  if (typeof value !== 'string') throw new RequestError(MESSAGES.notString(key))
  budget.size(key, value)
  if (isJidText(value)) return value
  xmlText(key, value)
  if (parseJid(value) === undefined) throw new RequestError(MESSAGES.notJid(key))
  return value
}

const checkTo = (data: unknown, budget: Budget): { payload: Payload; to: string } => {
  if (!isObject(data)) throw new RequestError(MESSAGES.notAnObject)
  const to = data.to
  if (to === undefined || to === null || to === '') throw new RequestError(MESSAGES.missingTo)
  return { payload: data, to: checkJid('to', to, budget) }
}

const fieldValues = (value: unknown): string[] => {
  if (value === undefined || value === null) return []
  const list: unknown[] = Array.isArray(value) ? value : [value]
  return list.map((item) => {
    const text = scalarText(item)
    if (text === undefined) throw new RequestError(MESSAGES.badForm)
    return xmlText('form', text)
  })
}

/** A string key of a form or field, checked but not yet counted (it may not be sent). */
const optionalText = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new RequestError(MESSAGES.badForm)
  return xmlText('form', value)
}

/** Counts a field as the builder writes it: var, type, label and each value. */
const countField = (field: SubmitField, budget: Budget): void => {
  let units = field.var.length + (field.type?.length ?? 0) + (field.label?.length ?? 0)
  for (const value of field.values) units += value.length
  const count = field.values.length
  budget.elements('form', 1 + count, units, EMPTY_FIELD_BYTES + EMPTY_VALUE_BYTES * count)
}

/**
 * Checks a form a page submits (the DataForm from a reply filled in, or a list of fields):
 * fields of type `fixed` are dropped, FORM_TYPE taken out of the fields; the form's rules
 * (XEP-0004 required, XEP-0122) are checked. `formTypeOf` gets the FORM_TYPE the page named
 * (field or `formType`, trimmed) and gives the one to send (undefined: none, as a XEP-0050
 * command form that had none).
 */
export const checkForm = (value: unknown, formTypeOf: (given: string | undefined) => string | undefined, budget: Budget): SubmitForm => {
  let list: unknown
  let formType: string | undefined
  if (Array.isArray(value)) {
    list = value
  } else if (isObject(value) && Array.isArray(value.fields)) {
    list = value.fields
    formType = optionalText(value.formType)
  } else {
    throw new RequestError(MESSAGES.badForm)
  }
  const fields: SubmitField[] = []
  let fieldFormType: string | undefined
  for (const entry of list as unknown[]) {
    if (!isObject(entry)) throw new RequestError(MESSAGES.badForm)
    const type = optionalText(entry.type)
    if (type === 'fixed') continue
    const name = optionalText(entry.var)
    if (name === undefined || name === '') throw new RequestError(MESSAGES.badForm)
    const values = submitValues(type, fieldValues(entry.value))
    if (name === FORM_TYPE) {
      if (values.length !== 1 || values[0]!.trim() === '') throw new RequestError(MESSAGES.badForm)
      fieldFormType = values[0]
      continue
    }
    if (values.length > 1 && takesOneValue(type)) throw new RequestError(MESSAGES.oneValue(name, type!))
    const field: SubmitField = { var: name, values }
    if (type !== undefined && type !== '') field.type = type
    const label = typeof entry.label === 'string' ? xmlText('form', entry.label) : undefined
    if (label !== undefined) field.label = label
    countField(field, budget)
    fields.push(field)
  }
  // The form object from `get` carries its rules (XEP-0004 required, XEP-0122): check them.
  if (!Array.isArray(value)) {
    const verdict = validateForm(value)
    if (!verdict.ok) throw new RequestError(invalidFormMessage(verdict.fields), verdict.fields)
  }
  // FORM_TYPE is a URI (XEP-0068): surrounding white space means nothing, and parsers trim it.
  const sent = formTypeOf(fieldFormType?.trim() || formType?.trim() || undefined)
  if (sent === undefined) return { fields }
  budget.size('form', sent)
  return { formType: sent, fields }
}

/**
 * True when the payload carries a form with at least one entry: an empty form (`[]`, or an
 * object whose `fields` is `[]`) is no form, and the legacy request is sent instead.
 */
export const hasForm = (payload: Payload): boolean => {
  const form = payload.form
  if (form === undefined || form === null) return false
  const list = isObject(form) ? form.fields : form
  return !Array.isArray(list) || list.length > 0
}

/** The FORM_TYPE for a form that names none: the one remembered for `to`, else `fallback`. */
const formTypeOr = (options: CheckOptions, to: string, slot: FormSlot, fallback: string) => (given: string | undefined): string =>
  given ?? options.formTypeFor?.(to, slot) ?? fallback

const requiredText = (payload: Payload, key: string, budget: Budget): string => {
  const value = payload[key]
  if (value === undefined || value === null || value === '') throw new RequestError(MESSAGES.missingKey(key))
  if (typeof value !== 'string') throw new RequestError(MESSAGES.notString(key))
  return budget.text(key, value)
}

/**
 * Checks an `xmpp.register.get` payload. The common one, an object whose `to` is a JID of XML
 * text within the size limit, is accepted without a {@link Budget} (the same command and
 * bound); anything else takes the full check, which names what is wrong.
 */
export const checkGet = (data: unknown, options: CheckOptions = {}): Checked<GetCommand> => {
  const to = isObject(data) ? data.to : undefined
  if (typeof to === 'string' && to !== '' && to.length <= (options.maxStanzaBytes ?? DEFAULT_MAX_STANZA_BYTES) &&
    isJidText(to)) {
    return { ok: true, command: { to }, sizeBound: sizeUpperBound(to.length, 0) }
  }
  return check(options, (budget) => ({ to: checkTo(data, budget).to }))
}

/** The `set` command of `data` (a module-level function: no closure per request). */
const setCommand = (budget: Budget, data: unknown, options: CheckOptions): SetCommand => {
  const { payload, to } = checkTo(data, budget)
  if (hasForm(payload)) return { to, fields: [], form: checkForm(payload.form, formTypeOr(options, to, 'set', NS_REGISTER), budget) }
  const fields: SetCommand['fields'] = []
  for (let i = 0; i < REGISTRATION_FIELDS.length; i++) {
    const name = REGISTRATION_FIELDS[i]!
    const value = payload[name]
    if (value === undefined || value === null) continue
    const text = typeof value === 'string' ? value : typeof value === 'boolean' ? undefined : scalarText(value)
    if (text === undefined) throw new RequestError(MESSAGES.notString(name))
    budget.part(name, name.length + 3) // <name/>
    fields.push({ name, value: budget.size(name, text) })
  }
  allXmlText(fields)
  return { to, fields }
}

/** Checks an `xmpp.register.set` payload: a form wins over legacy fields. */
export const checkSet = (data: unknown, options: CheckOptions = {}): Checked<SetCommand> => check(options, setCommand, data)

/** Checks an `xmpp.register.unregister` payload. */
export const checkUnregister = (data: unknown, options: CheckOptions = {}): Checked<UnregisterCommand> =>
  check(options, (budget) => {
    const { payload, to } = checkTo(data, budget)
    return hasForm(payload) ? { to, form: checkForm(payload.form, formTypeOr(options, to, 'unregister', NS_CANCEL), budget) } : { to }
  })

/**
 * Checks an `xmpp.register.password` payload; `sessionUser` is the localpart of the
 * session's JID, used when the payload has no `username`.
 */
export const checkPassword = (data: unknown, sessionUser: string | undefined, options: CheckOptions = {}): Checked<PasswordCommand> =>
  check(options, (budget) => {
    const { payload, to } = checkTo(data, budget)
    if (hasForm(payload)) return { to, form: checkForm(payload.form, formTypeOr(options, to, 'password', NS_CHANGE_PASSWORD), budget) }
    const password = requiredText(payload, 'password', budget)
    const given = payload.username
    const username = given === undefined || given === null || given === ''
      ? sessionUser && budget.size('username', sessionUser)
      : requiredText(payload, 'username', budget)
    if (username === undefined || username === '') throw new RequestError(MESSAGES.missingKey('username'))
    return { to, username, password }
  })
