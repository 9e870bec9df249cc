/**
 * `xmpp.register.invite` requests from a socket, checked (XEP-0401 invites through XEP-0050
 * commands): a new command, a stage of one in progress (its form filled in, an action), or
 * a cancel. The payload is untrusted JSON; a check returns the command to run or the text of
 * the client error, and never throws. Pure (the sessions in progress are looked up through
 * the function given).
 */
import { isObject, type JsonObject } from '../core/json'
import type { SubmitForm } from '../forms/data-form'
import { normalizeJid } from '../transport/jid'
import { MESSAGES, RequestError } from '../xep0077/request-text'
import { check, checkForm, checkJid, hasForm, type Checked } from '../xep0077/validate'
import { NODE_CREATE_ACCOUNT, NODE_INVITE } from './commands'
import type { CommandSession } from './command-sessions'
import type { StageAction } from './types'

/** Client error texts, naming the socket key. */
export const INVITE_REQUEST_MESSAGES = {
  notAnObject: 'Request must be an object ({} creates a contact invite)',
  badType: "'type' key must be 'invite' or 'create-account'",
  badAction: "'action' key must be 'prev', 'next' or 'complete'",
  badCancel: "'cancel' key must be true or false",
  needsSession: "'form', 'action' and 'cancel' keys need the 'sessionid' of a command in progress",
  unknownSession: "'sessionid' key names no command in progress on this connection"
} as const

/** A checked `xmpp.register.invite`. */
export type InviteCommand =
  /** Discover, then execute `node` at `to`. */
  | { kind: 'start'; to: string; node: string }
  /** The next stage of a command in progress. */
  | { kind: 'continue'; to: string; node: string; sessionid: string; action?: StageAction; form?: SubmitForm }
  /** Cancel a command in progress. */
  | { kind: 'cancel'; to: string; node: string; sessionid: string }
  /** Cancel of a session not in progress on this connection: answered at once, nothing sent. */
  | { kind: 'canceled'; sessionid: string }

const NODES: Readonly<Record<string, string>> = { invite: NODE_INVITE, 'create-account': NODE_CREATE_ACCOUNT }
const ACTIONS: readonly string[] = ['prev', 'next', 'complete']

const given = (payload: JsonObject, key: string): unknown => (payload[key] === null ? undefined : payload[key])

const checkAction = (value: unknown): StageAction | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !ACTIONS.includes(value)) throw new RequestError(INVITE_REQUEST_MESSAGES.badAction)
  return value as StageAction
}

const checkCancel = (value: unknown): boolean => {
  if (value === undefined) return false
  if (typeof value !== 'boolean') throw new RequestError(INVITE_REQUEST_MESSAGES.badCancel)
  return value
}

/**
 * Checks an `xmpp.register.invite` payload. `home` is the session's domain (the default
 * `to`); `recall` finds a command in progress by its `sessionid`. With a `sessionid`, the
 * JID, node and FORM_TYPE are the session's (`to` and `type` are not read).
 */
export const checkInvite = (
  data: unknown,
  home: string,
  recall: (sessionid: string) => CommandSession | undefined,
  maxStanzaBytes: number
): Checked<InviteCommand> =>
  check({ maxStanzaBytes }, (budget) => {
    if (!isObject(data)) throw new RequestError(INVITE_REQUEST_MESSAGES.notAnObject)
    const action = checkAction(given(data, 'action'))
    const cancel = checkCancel(given(data, 'cancel'))
    const sessionid = given(data, 'sessionid')
    if (sessionid === undefined || sessionid === '') {
      if (action !== undefined || cancel || hasForm(data)) throw new RequestError(INVITE_REQUEST_MESSAGES.needsSession)
      const type = given(data, 'type') ?? 'invite'
      const node = typeof type === 'string' ? NODES[type] : undefined
      if (node === undefined) throw new RequestError(INVITE_REQUEST_MESSAGES.badType)
      const to = given(data, 'to')
      return { kind: 'start', to: to === undefined || to === '' ? home : normalizeJid(checkJid('to', to, budget)), node }
    }
    if (typeof sessionid !== 'string') throw new RequestError(MESSAGES.notString('sessionid'))
    budget.text('sessionid', sessionid)
    const session = recall(sessionid)
    if (session === undefined) {
      if (cancel) return { kind: 'canceled', sessionid }
      throw new RequestError(INVITE_REQUEST_MESSAGES.unknownSession)
    }
    const { to, node } = session
    if (cancel) return { kind: 'cancel', to, node, sessionid }
    const command: InviteCommand = { kind: 'continue', to, node, sessionid }
    if (action !== undefined) command.action = action
    if (hasForm(data)) command.form = checkForm(data.form, () => session.formType, budget)
    return command
  })
