/**
 * What one login remembers of the forms services sent (forms/form-memory.ts): the FORM_TYPE
 * to submit a form without one with (XEP-0068), and the private fields whose values an error
 * echo or a client error must not show (forms/private-fields.ts).
 */
import { isObject } from '../core/json'
import type { Reply } from '../core/reply'
import { recallPrivateFields, rememberFormType, rememberPrivateFields, type FormSlot } from '../forms/form-memory'
import { bothPrivateVars, privateVars, privateVarsAfter, withoutPrivateReplyValues } from '../forms/private-fields'
import type { SubmitForm } from '../forms/data-form'
import type { ClientLike, ManagerLike } from '../transport/host'
import { normalizeJid } from '../transport/jid'
import type { Operation } from './operations'

/**
 * Remembers the FORM_TYPE of the form a reply carries: `get`'s result form (none forgets
 * it), or the form of an error (XEP-0077 Ex 16, Ex 23) for the operation that got it.
 */
export const learnFormType = <C extends { to: string }, R>(client: ClientLike, op: Operation<C, R>, jid: string, parsed: Reply<R>): void => {
  const isError = 'error' in parsed
  if (isError) {
    const form = parsed.error.form
    if (form === undefined) return
    rememberFormType(client, jid, op.slot, form.formType)
  } else if (op.resultFormType !== undefined) {
    rememberFormType(client, jid, op.slot, op.resultFormType(parsed.data))
  } else {
    return
  }
  const form = isError ? parsed.error.form : op.media?.of(parsed)
  // What was known counts only for an error's echo (no field types); a result's form replaces it.
  const known = isError ? recallPrivateFields(client, jid, op.slot) : undefined
  rememberPrivateFields(client, jid, op.slot, privateVarsAfter(known, form, isError))
}

/** The private `var`s the form of `data.to` marked for `slot` on this login's client (for a client error's echo). */
export const rememberedFor = (manager: ManagerLike | false | undefined, data: unknown, slot: FormSlot): ReadonlySet<string> | undefined => {
  const client = manager ? manager.client : undefined
  const to = isObject(data) ? data.to : undefined
  if (!client || typeof to !== 'string') return undefined
  return recallPrivateFields(client, normalizeJid(to), slot)
}

/**
 * An error reply without the value of any private field of its form (ejabberd echoes the
 * submitted form, password included, with no field types): see forms/private-fields.ts. The
 * private fields are those the service's form marked and those the submitted `form` marked
 * (a form from a get before this login is not remembered).
 */
export const withoutSecrets = <R>(
  client: ClientLike, slot: FormSlot, jid: string, parsed: Reply<R>, form: SubmitForm | undefined
): Reply<R> =>
  'error' in parsed
    ? withoutPrivateReplyValues(parsed, bothPrivateVars(recallPrivateFields(client, jid, slot), form && privateVars(form)))
    : parsed
