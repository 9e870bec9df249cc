/**
 * `xmpp.register.invite`: a XEP-0401 invite created through XEP-0050 ad-hoc commands on the
 * user's home server. One path per request: check (adhoc/invite-request.ts) → for a new
 * command, disco#items of the commands node (XEP-0050 §2.2) and `feature-not-implemented`
 * in words when the command is not listed → execute, continue or cancel (§2.4) → read the
 * reply (adhoc/commands.ts, adhoc/invite-result.ts) → callback, exactly once. Sessions a
 * server answered `executing` are remembered per client (adhoc/command-sessions.ts). The log
 * names the node, the status and whether the invite allows sign-up, never the URI (it holds
 * the token).
 */
import type { Element } from 'ltx'

import { buildCancel, buildCommandsDiscoItems, buildExecute, parseCommandItems, parseCommandReply, NODE_CREATE_ACCOUNT } from '../adhoc/commands'
import { recallSession, rememberSession } from '../adhoc/command-sessions'
import { checkInvite } from '../adhoc/invite-request'
import { inviteStep } from '../adhoc/invite-result'
import type { InviteStep } from '../adhoc/types'
import { log } from '../core/log'
import type * as T from '../core/types'
import type { ClientLike } from '../transport/host'
import { nextId } from '../transport/id'
import { normalizeJid } from '../transport/jid'
import { fitsStanzaLimit } from '../transport/size'
import { guardStreamErrors } from '../transport/stream-guard'
import { clientError } from '../xep0077/client-error'
import { MESSAGES } from '../xep0077/request-text'
import { noReplyError, noReplyWords, sendTracked, type ExchangeContext } from './exchange'
import { isHome, NOT_CONNECTED, sessionOf } from './session'

/** What an invite needs of the plugin instance. */
export interface InviteContext extends ExchangeContext {
  /** The most UTF-8 bytes a request stanza may take. */
  maxStanzaBytes: number
}

type Settle = (error: T.RegisterError | null, data?: InviteStep) => void

/** The disco#items errors that mean "no commands here" (Prosody and ejabberd without mod_adhoc: item-not-found). */
const NO_COMMANDS: readonly string[] = ['item-not-found', 'service-unavailable', 'feature-not-implemented']

/** `feature-not-implemented`, in words: `to` offers no such command to this account. */
export const cannotInvite = (to: string, node: string): T.StanzaError => ({
  type: 'cancel',
  condition: 'feature-not-implemented',
  description: `${to} cannot make invites: it offers no '${node}' command to this account` +
    (node === NODE_CREATE_ACCOUNT ? ' (account invites are usually for the server\'s admins only)' : '')
})

/** One exchange of the path: send `stanza` to `to`, then `onReply` with the reply, or the error. */
const ask = (context: InviteContext, client: ClientLike, stanza: Element, id: string, to: string, home: boolean, settle: Settle, onReply: (iq: T.XmlElement) => void): void => {
  sendTracked(context, client, stanza, id, to, home, (outcome) => {
    if (outcome.kind === 'reply') {
      onReply(outcome.stanza)
      return
    }
    log('invite %s to %s: %s', id, to, noReplyWords(outcome, context.timeout))
    settle(noReplyError(outcome, to, context.timeout))
  }, () => settle(noReplyError({ kind: 'offline' }, to, context.timeout)))
}

/** A command stanza ready to go: to `to`, for `node`, continuing `sessionid` when given. */
interface Outgoing {
  to: string
  node: string
  sessionid?: string
  id: string
  stanza: Element
}

/** Sends the command (execute, a stage, or cancel) and settles with its reply. */
const run = (context: InviteContext, client: ClientLike, out: Outgoing, home: boolean, settle: Settle): void => {
  log('invite %s to %s: %s', out.id, out.to, out.node)
  ask(context, client, out.stanza, out.id, out.to, home, settle, (iq) => {
    const parsed = parseCommandReply(iq)
    const step = 'error' in parsed ? parsed : inviteStep(parsed.data)
    if (out.sessionid !== undefined) rememberSession(client, out.sessionid, undefined)
    if ('error' in step) {
      log('invite %s reply: %s', out.id, step.error.condition)
      settle(step.error)
      return
    }
    const result = step.data
    if (result.status === 'executing') {
      const formType = result.form?.formType
      rememberSession(client, result.sessionid, formType === undefined ? { to: out.to, node: out.node } : { to: out.to, node: out.node, formType })
    }
    log('invite %s reply: %s%s', out.id, result.status, result.status === 'completed' ? (result.registration ? ', allows sign-up' : ', contact only') : '')
    settle(null, result)
  })
}

/** XEP-0050 §2.2: is `node` listed for this account at `to`? Then execute it. */
const discoverThenRun = (context: InviteContext, client: ClientLike, to: string, node: string, home: boolean, settle: Settle): void => {
  const id = nextId()
  log('invite %s to %s: commands?', id, to)
  ask(context, client, buildCommandsDiscoItems(id, to), id, to, home, settle, (iq) => {
    const parsed = parseCommandItems(iq)
    if ('error' in parsed && !NO_COMMANDS.includes(parsed.error.condition)) {
      log('invite %s reply: %s', id, parsed.error.condition)
      settle(parsed.error)
      return
    }
    const listed = 'data' in parsed && parsed.data.some((item) => item.node === node && normalizeJid(item.jid) === to)
    if (!listed) {
      log('invite %s: %s not offered', id, node)
      settle(cannotInvite(to, node))
      return
    }
    const next = nextId()
    run(context, client, { to, node, id: next, stanza: buildExecute(next, { to, node }) }, home, settle)
  })
}

/** Runs one `xmpp.register.invite` request; `settle` is called exactly once. */
export const invite = (context: InviteContext, data: unknown, settle: Settle): void => {
  const manager = context.manager
  const session = sessionOf(manager)
  const client = manager ? manager.client : undefined
  if (session === undefined || !client || typeof client.send !== 'function') {
    settle({ ...NOT_CONNECTED })
    return
  }
  const checked = checkInvite(data, session.domain, (sessionid) => recallSession(client, sessionid), context.maxStanzaBytes)
  if (!checked.ok) {
    log('invite refused: %s', checked.message)
    settle(clientError(checked.message, data, checked.fields))
    return
  }
  const command = checked.command
  if (command.kind === 'canceled') {
    log('invite: cancel of a session not in progress, nothing sent')
    settle(null, { status: 'canceled', sessionid: command.sessionid })
    return
  }
  guardStreamErrors(client)
  const home = isHome(session, command.to)
  if (command.kind === 'start') {
    discoverThenRun(context, client, command.to, command.node, home, settle)
    return
  }
  const id = nextId()
  const stanza = command.kind === 'cancel' ? buildCancel(id, command) : buildExecute(id, command)
  if (checked.sizeBound + id.length > context.maxStanzaBytes && !fitsStanzaLimit(stanza, context.maxStanzaBytes)) {
    log('invite refused: stanza over %d bytes', context.maxStanzaBytes)
    settle(clientError(MESSAGES.stanzaTooLarge(context.maxStanzaBytes), data))
    return
  }
  run(context, client, { to: command.to, node: command.node, sessionid: command.sessionid, id, stanza }, home, settle)
}
