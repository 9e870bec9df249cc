/**
 * Private form fields (XEP-0004 §3.3 `text-private`) in XEP-0077 error replies: ejabberd's
 * error to a registration echoes the submitted form, password included, with no field types.
 * A field counts as private when it says `text-private`, has one of XEP-0077's password names,
 * or was `text-private` in the form the service sent for that operation (remembered per JID,
 * see form-memory.ts). The error JSON keeps such a field without its value.
 */
import type { Reply } from '../core/reply'
import type { DataForm, StanzaError } from '../core/types'

/** XEP-0077's password fields: the legacy `password` (§3.1, §3.3) and `old_password` (§3.3 Ex 22). */
export const PASSWORD_FIELDS: ReadonlySet<string> = new Set(['password', 'old_password'])

/** The `var`s of `form`'s `text-private` fields (undefined when none); a submitted form's too. */
export const privateVars = (form: { fields: ReadonlyArray<{ var?: string; type?: string }> }): ReadonlySet<string> | undefined => {
  let vars: Set<string> | undefined
  for (const field of form.fields) {
    if (field.type === 'text-private' && field.var !== undefined) (vars ??= new Set()).add(field.var)
  }
  return vars
}

/** Whether `form` gives any field a type: an echo of a submission gives none. */
export const declaresTypes = (form: DataForm): boolean => form.fields.some((field) => field.type !== undefined)

/**
 * Whether a field is private (see the file header): a parsed one, or one a socket submitted
 * (untrusted: `var` counts only as a string).
 */
export const isPrivateField = (field: { type?: unknown; var?: unknown }, remembered: ReadonlySet<string> | undefined): boolean =>
  field.type === 'text-private' ||
  (typeof field.var === 'string' && (PASSWORD_FIELDS.has(field.var) || remembered?.has(field.var) === true))

/**
 * `form` with no value on a private field (see the file header); `remembered` are the private
 * `var`s of the form the service sent. Unchanged fields stay the same objects.
 */
export const withoutPrivateValues = (form: DataForm, remembered?: ReadonlySet<string>): DataForm => {
  let changed = false
  const fields = form.fields.map((field) => {
    if (field.value === undefined || !isPrivateField(field, remembered)) return field
    changed = true
    const rest = { ...field }
    delete rest.value
    return rest
  })
  return changed ? { ...form, fields } : form
}

/**
 * The private `var`s to keep after a reply with `form` (undefined: none): a result's form
 * tells them; an error's only when it gives field types (an echo of the submission does not),
 * else `known` stays.
 */
export const privateVarsAfter = (
  known: ReadonlySet<string> | undefined, form: DataForm | undefined, isError: boolean
): ReadonlySet<string> | undefined => {
  if (!isError) return form && privateVars(form)
  return form !== undefined && declaresTypes(form) ? privateVars(form) : known
}

/** A stanza error whose form has no private value ({@link withoutPrivateValues}); the same object when nothing changed. */
export const withoutPrivateErrorValues = (error: StanzaError, remembered?: ReadonlySet<string>): StanzaError => {
  const form = error.form && withoutPrivateValues(error.form, remembered)
  return form === error.form ? error : { ...error, form }
}

/** A reply whose error (if any) has no private value in its form. */
export const withoutPrivateReplyValues = <R>(parsed: Reply<R>, remembered?: ReadonlySet<string>): Reply<R> => {
  if (!('error' in parsed)) return parsed
  const error = withoutPrivateErrorValues(parsed.error, remembered)
  return error === parsed.error ? parsed : { error }
}

/** Both sets of private `var`s (undefined when neither has any). */
export const bothPrivateVars = (
  a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined
): ReadonlySet<string> | undefined => (a === undefined ? b : b === undefined ? a : new Set([...a, ...b]))
