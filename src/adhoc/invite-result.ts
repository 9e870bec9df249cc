/**
 * XEP-0401 §5.1 and §5.4: the invite a completed `urn:xmpp:invite#invite` or
 * `urn:xmpp:invite#create-account` command returns, read from its data form (FORM_TYPE
 * `urn:xmpp:invite#invitation` in the XEP, none at all in Prosody 0.12, whose form is of
 * type `form`, not `result`). Pure; the form is untrusted; nothing here throws.
 */
import type { Reply } from '../core/reply'
import type { DataForm, FormField } from '../core/types'
import { INVITE_MESSAGES, MAX_INVITE_CHARS, parseInvite } from '../signup/invite'
import type { CommandReply } from './commands'
import type { CommandNote, InviteResult, InviteStep } from './types'

/** XEP-0401 §12.1: FORM_TYPE of the invitation result form. */
export const FORM_TYPE_INVITATION = 'urn:xmpp:invite#invitation'

const fieldValue = (form: DataForm, name: string): string | undefined => {
  const field: FormField | undefined = form.fields.find((f) => f.var === name)
  const value = field?.value
  const first = Array.isArray(value) ? value[0] : value
  if (typeof first !== 'string') return undefined
  const trimmed = first.trim()
  return trimmed === '' ? undefined : trimmed
}

const httpUrl = (value: string | undefined): string | undefined => {
  if (value === undefined || value.length > MAX_INVITE_CHARS) return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined
  } catch {
    return undefined
  }
}

// XML Schema dateTime (XEP-0082), time zone optional as xs:dateTime allows.
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/

const failure = <T>(description: string): Reply<T> => ({ error: { type: 'cancel', condition: 'undefined-condition', description } })

/**
 * The invite of a form. A form without a usable `uri` is no invite: an error whose
 * description is the text of the command's error note when it has one (Prosody answers a
 * bad submission with `status='completed'` and `<note type='error'>`, no form).
 */
export const parseInviteResult = (form: DataForm | undefined, notes: CommandNote[] = []): Reply<InviteResult> => {
  const errorNote = notes.find((n) => n.type === 'error' && n.text.trim() !== '')
  const uri = form === undefined ? undefined : fieldValue(form, 'uri')
  if (uri === undefined) return failure(errorNote?.text ?? 'The command completed without an invite URI')
  if (uri.length > MAX_INVITE_CHARS || !/^xmpp:/i.test(uri)) return failure('The command returned an invite URI that is not an xmpp: URI')
  const checked = parseInvite(uri)
  // parseInvite refuses a roster invite without ibr=y (it allows no sign-up); it is still an invite.
  if (!checked.ok && checked.message !== INVITE_MESSAGES.noIbr) return failure('The command returned an invite URI that is not an invite')
  const out: InviteResult = { uri, registration: checked.ok }
  const url = httpUrl(fieldValue(form!, 'landing-url'))
  if (url !== undefined) out.url = url
  const expires = fieldValue(form!, 'expire')
  if (expires !== undefined && DATE_TIME.test(expires)) out.expires = expires
  if (notes.length > 0) out.notes = notes
  return { data: out }
}

/** A parsed command reply turned into the page's result (README: xmpp.register.invite). */
export const inviteStep = (reply: CommandReply): Reply<InviteStep> => {
  if (reply.status === 'canceled') return { data: reply.sessionid === undefined ? { status: 'canceled' } : { status: 'canceled', sessionid: reply.sessionid } }
  if (reply.status === 'executing') {
    if (reply.sessionid === undefined) return failure('The command asks for more but gave no session id (XEP-0050 §3.3)')
    const step: InviteStep = { status: 'executing', node: reply.node, sessionid: reply.sessionid, actions: reply.actions ?? ['complete'] }
    if (reply.form !== undefined) step.form = reply.form
    if (reply.execute !== undefined) step.execute = reply.execute
    if (reply.notes !== undefined) step.notes = reply.notes
    return { data: step }
  }
  const parsed = parseInviteResult(reply.form, reply.notes)
  return 'error' in parsed ? parsed : { data: { status: 'completed', ...parsed.data } }
}
