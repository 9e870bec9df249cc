/**
 * The four XEP-0077 operations of the plugin as one table: how each checks its payload
 * (xep0077/validate.ts), builds its stanza (xep0077/stanzas.ts), is described in the log, and
 * reads its reply (xep0077/replies.ts), and what it remembers or fetches around the reply.
 */
import type { Element } from 'ltx'

import type { Reply } from '../core/reply'
import type * as T from '../core/types'
import type { SubmitForm } from '../forms/data-form'
import type { FormSlot } from '../forms/form-memory'
import { answersChallenge } from '../media/captcha'
import { getReplyForm, withGetReplyForm } from '../media/form-images'
import { parseGetResult, parseRegisteredReply, parseUnregisterReply } from '../xep0077/replies'
import { buildGet, buildPasswordChange, buildSet, buildUnregister } from '../xep0077/stanzas'
import {
  checkGet,
  checkPassword,
  checkSet,
  checkUnregister,
  type Checked,
  type CheckOptions,
  type GetCommand,
  type PasswordCommand,
  type SetCommand,
  type UnregisterCommand
} from '../xep0077/validate'
import type { Session } from './session'

/** One XEP-0077 operation: how to check, build, describe (for the log) and read it. */
export interface Operation<C extends { to: string }, R> {
  name: string
  check(data: unknown, session: Session | undefined, options: CheckOptions): Checked<C>
  build(id: string, command: C): Element
  describe(command: C): string
  parse(iq: T.XmlElement): Reply<R>
  /** The form the request submits, if any (its private fields stay out of an error's echo). */
  submitted(command: C): SubmitForm | undefined
  /** The FORM_TYPE memory slot: what forms this operation submits, or (get) whose form it reads. */
  slot: FormSlot
  /** The FORM_TYPE of the form a successful reply carries (undefined: none), for operations that read forms. */
  resultFormType?(data: R): string | undefined
  /** The result when the stream closes while waiting, if that means success. */
  resultOnClose?(command: C, toHomeServer: boolean): R | undefined
  /** The form of a reply whose XEP-0221 media may be XEP-0231 images (get), and the reply with it replaced. */
  media?: FormOfReply<R>
  /** Whether a stanza error to `command` gets the form of a new get instead of its own (a refused CAPTCHA answer). */
  freshForm?(command: C): boolean
}

/** Reads and replaces the data form of a parsed reply (result or error). */
export interface FormOfReply<R> {
  of(parsed: Reply<R>): T.DataForm | undefined
  with(parsed: Reply<R>, form: T.DataForm): Reply<R>
}

/** get's form: the result's, or the error's. */
const GET_FORM: FormOfReply<T.GetResult> = { of: getReplyForm, with: withGetReplyForm }

const formSummary = (form: { formType?: string; fields: Array<{ var: string }> }): string =>
  `form ${form.formType ?? '(no FORM_TYPE)'} [${form.fields.map((f) => f.var).join(',')}]`

/** `xmpp.register.get`: what registration needs (XEP-0077 §3.1). */
export const GET: Operation<GetCommand, T.GetResult> = {
  name: 'get',
  check: (data, _session, options) => checkGet(data, options),
  build: buildGet,
  submitted: () => undefined,
  describe: () => 'query',
  parse: parseGetResult,
  slot: 'set',
  resultFormType: (data) => data.form?.formType,
  media: GET_FORM
}

/** `xmpp.register.set`: registers (XEP-0077 §3.1, §3.4 for a CAPTCHA answer). */
export const SET: Operation<SetCommand, T.RegisteredResult> = {
  name: 'set',
  check: (data, _session, options) => checkSet(data, options),
  build: buildSet,
  submitted: (c) => c.form,
  describe: (c) => (c.form ? formSummary(c.form) : `fields [${c.fields.map((f) => f.name).join(',')}]`),
  parse: parseRegisteredReply,
  slot: 'set',
  freshForm: (c) => answersChallenge(c.form)
}

/** `xmpp.register.unregister`: cancels the registration (XEP-0077 §3.2). */
export const UNREGISTER: Operation<UnregisterCommand, true> = {
  name: 'unregister',
  check: (data, _session, options) => checkUnregister(data, options),
  build: buildUnregister,
  submitted: (c) => c.form,
  describe: (c) => (c.form ? formSummary(c.form) : 'remove'),
  parse: parseUnregisterReply,
  slot: 'unregister',
  // XEP-0077 §3.2: the home server may close the stream right after removing the account.
  resultOnClose: (_c, toHomeServer) => (toHomeServer ? true : undefined)
}

/** `xmpp.register.password`: changes the password (XEP-0077 §3.3). */
export const PASSWORD: Operation<PasswordCommand, T.RegisteredResult> = {
  name: 'password',
  check: (data, session, options) => checkPassword(data, session?.local, options),
  build: buildPasswordChange,
  submitted: (c) => ('form' in c ? c.form : undefined),
  describe: (c) => ('form' in c ? formSummary(c.form) : 'fields [username,password]'),
  parse: parseRegisteredReply,
  slot: 'password'
}

