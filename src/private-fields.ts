/**
 * Private form fields (XEP-0004 §3.3 `text-private`) in XEP-0077 error replies: ejabberd's
 * error to a registration echoes the submitted form, password included, with no field types.
 * A field counts as private when it says `text-private`, has one of XEP-0077's password names,
 * or was `text-private` in the form the service sent for that operation (remembered per JID,
 * see form-types.ts). The error JSON keeps such a field without its value.
 */
import type { DataForm, FormField } from './types'

/** XEP-0077's password fields: the legacy `password` (§3.1, §3.3) and `old_password` (§3.3 Ex 22). */
export const PASSWORD_FIELDS: ReadonlySet<string> = new Set(['password', 'old_password'])

/** The `var`s of `form`'s `text-private` fields (undefined when none). */
export const privateVars = (form: DataForm): ReadonlySet<string> | undefined => {
  let vars: Set<string> | undefined
  for (const field of form.fields) {
    if (field.type === 'text-private' && field.var !== undefined) (vars ??= new Set()).add(field.var)
  }
  return vars
}

/** Whether `form` gives any field a type: an echo of a submission gives none. */
export const declaresTypes = (form: DataForm): boolean => form.fields.some((field) => field.type !== undefined)

const isPrivate = (field: FormField, remembered: ReadonlySet<string> | undefined): boolean =>
  field.type === 'text-private' ||
  (field.var !== undefined && (PASSWORD_FIELDS.has(field.var) || remembered?.has(field.var) === true))

/**
 * `form` with no value on a private field (see the file header); `remembered` are the private
 * `var`s of the form the service sent. Unchanged fields stay the same objects.
 */
export const withoutPrivateValues = (form: DataForm, remembered?: ReadonlySet<string>): DataForm => {
  let changed = false
  const fields = form.fields.map((field) => {
    if (field.value === undefined || !isPrivate(field, remembered)) return field
    changed = true
    const rest = { ...field }
    delete rest.value
    return rest
  })
  return changed ? { ...form, fields } : form
}
