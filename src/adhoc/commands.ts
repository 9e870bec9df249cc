/**
 * XEP-0050 Ad-Hoc Commands on the wire, for XEP-0401 invites (issue 18): discovering the
 * commands a server offers (§2.2), executing one (§2.4: single stage, multiple stages, canceling)
 * and reading its replies. Checked commands in, `<iq/>` elements out; replies are untrusted
 * and nothing here throws. Pure functions.
 */
import { Element } from 'ltx'

import { buildSubmitForm, parseDataForm, type SubmitForm } from '../forms/data-form'
import { NS_DATA } from '../core/namespaces'
import type { Reply } from '../core/reply'
import type { DataForm, StanzaError, XmlElement } from '../core/types'
import type { CommandNote, StageAction } from './types'
import { parseStanzaError } from '../xep0077/replies'
import { attr, child, elements, text } from '../transport/xml'

/** XEP-0050 §2.1 and §7.1: the ad-hoc commands namespace, also the disco node that lists them (§2.2). */
export const NS_COMMANDS = 'http://jabber.org/protocol/commands'
/** XEP-0030: service discovery items. */
export const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items'
/** XEP-0401 §5.1: a contact invite (may allow sign-up: `ibr=y`). */
export const NODE_INVITE = 'urn:xmpp:invite#invite'
/** XEP-0401 §5.4: an account invite (servers keep it for admins). */
export const NODE_CREATE_ACCOUNT = 'urn:xmpp:invite#create-account'

/** XEP-0050 §4.1 command actions a requester sends. */
export type CommandAction = 'execute' | 'cancel' | 'prev' | 'next' | 'complete'
/** XEP-0050 §4.1 command status. */
export type CommandStatus = 'executing' | 'completed' | 'canceled'

/** One command of a disco#items reply (XEP-0050 §2.2 Ex 4). */
export interface CommandItem {
  jid: string
  node: string
  name?: string
}

/** A command reply (`<iq type='result'>` with `<command/>`), read. */
export interface CommandReply {
  node: string
  status: CommandStatus
  /** Absent only when the server sent none (XEP-0401 Ex 4 has none; Prosody always sends one). */
  sessionid?: string
  /** While executing: the actions allowed next besides `cancel` (XEP-0050 §3.4: no `<actions/>` means `complete` only). */
  actions?: StageAction[]
  /** While executing: what `execute` (or no action) means: `<actions execute=…>`, else `next`; `complete` without `<actions/>` (§3.4). */
  execute?: StageAction
  notes?: CommandNote[]
  /** The command's data form (any `type`: Prosody sends its invite result as `form`), in the repo's JSON. */
  form?: DataForm
}

/** A checked execute request. */
export interface ExecuteCommand {
  to: string
  node: string
  /** Continues a multi-stage session (XEP-0050 §2.4.2 Ex 12): given with `form` or `action`. */
  sessionid?: string
  /** Absent: `execute` for a new session (Ex 8, sent explicitly), no attribute for a continued one (Ex 12, the default). */
  action?: Exclude<CommandAction, 'cancel'>
  /** FORM_TYPE only when the command's form had one (XEP-0401 Ex 7 has none). */
  form?: SubmitForm
}

/** XEP-0050 §2.2 Ex 3, XEP-0401 Ex 1: which commands does `to` offer this account? */
export const buildCommandsDiscoItems = (id: string, to: string): Element => {
  const iq = new Element('iq', { type: 'get', to, id })
  iq.c('query', { xmlns: NS_DISCO_ITEMS, node: NS_COMMANDS })
  return iq
}

const noCommandsList = (description: string): StanzaError => ({ type: 'cancel', condition: 'undefined-condition', description })

/**
 * XEP-0050 §2.2 Ex 4, XEP-0401 Ex 2: the commands listed (items without `jid` or `node`
 * are left out). An error reply is the server's error: Prosody without mod_adhoc answers
 * `item-not-found` "Node does not exist", ejabberd without mod_adhoc `item-not-found` "No
 * services available"; the caller turns those into feature-not-implemented.
 */
export const parseCommandItems = (iq: XmlElement): Reply<CommandItem[]> => {
  if (attr(iq, 'type') === 'error') return { error: parseStanzaError(iq) }
  const query = child(iq, 'query', NS_DISCO_ITEMS)
  if (query === undefined) return { error: noCommandsList(`Reply has no <query xmlns='${NS_DISCO_ITEMS}'/>`) }
  const items: CommandItem[] = []
  for (const el of elements(query)) {
    if (el.name !== 'item') continue
    const jid = attr(el, 'jid')
    const node = attr(el, 'node')
    if (jid === undefined || jid === '' || node === undefined || node === '') continue
    const item: CommandItem = { jid, node }
    const name = attr(el, 'name')
    if (name !== undefined) item.name = name
    items.push(item)
  }
  return { data: items }
}

/**
 * XEP-0050 §2.4: starts a command (Ex 8, XEP-0401 Ex 3 and Ex 5: `action='execute'`) or
 * continues a session (Ex 12, XEP-0401 Ex 7: `sessionid`, the form, and no `action`, which
 * means the server's default; or the `action` the page chose).
 */
export const buildExecute = (id: string, command: ExecuteCommand): Element => {
  const iq = new Element('iq', { type: 'set', to: command.to, id })
  const attrs: Record<string, string> = { xmlns: NS_COMMANDS }
  if (command.sessionid !== undefined) attrs.sessionid = command.sessionid
  attrs.node = command.node
  const action = command.action ?? (command.sessionid === undefined ? 'execute' : undefined)
  if (action !== undefined) attrs.action = action
  const cmd = iq.c('command', attrs)
  if (command.form !== undefined) cmd.cnode(buildSubmitForm(command.form))
  return iq
}

/** XEP-0050 §2.4.3 Ex 18: cancels a session in progress. */
export const buildCancel = (id: string, command: { to: string; node: string; sessionid: string }): Element => {
  const iq = new Element('iq', { type: 'set', to: command.to, id })
  iq.c('command', { xmlns: NS_COMMANDS, sessionid: command.sessionid, node: command.node, action: 'cancel' })
  return iq
}

const STATUSES: readonly string[] = ['executing', 'completed', 'canceled']
const STAGE_ACTIONS: readonly StageAction[] = ['prev', 'next', 'complete']
const NOTE_TYPES: readonly string[] = ['info', 'warn', 'error']

const isStageAction = (name: string | undefined): name is StageAction => STAGE_ACTIONS.includes(name as StageAction)

const parseNote = (el: XmlElement): CommandNote => {
  const type = attr(el, 'type')
  return { type: type !== undefined && NOTE_TYPES.includes(type) ? (type as CommandNote['type']) : 'info', text: text(el) }
}

/** The notes of a `<command/>` (an error reply's too: Prosody's forbidden carries one). */
export const commandNotes = (cmd: XmlElement | undefined): CommandNote[] =>
  cmd === undefined ? [] : elements(cmd).filter((el) => el.name === 'note').map(parseNote)

/**
 * XEP-0050 §2.4 and §4.1: a command reply in, the page's JSON out. An error reply is the
 * server's stanza error (XEP-0050 §4.4 conditions such as `bad-sessionid` come as
 * `application`); when it has no text, the text of the command's error note (if any) is its
 * `description`.
 */
export const parseCommandReply = (iq: XmlElement): Reply<CommandReply> => {
  const cmd = child(iq, 'command', NS_COMMANDS)
  if (attr(iq, 'type') === 'error') {
    const error = parseStanzaError(iq)
    const note = commandNotes(cmd).find((n) => n.type === 'error' && n.text.trim() !== '')
    if (error.description === undefined && note !== undefined) error.description = note.text
    return { error }
  }
  if (cmd === undefined) return { error: noCommandsList(`Reply has no <command xmlns='${NS_COMMANDS}'/>`) }
  const status = attr(cmd, 'status')
  const node = attr(cmd, 'node')
  if (status === undefined || !STATUSES.includes(status)) return { error: noCommandsList(`Command reply with an unknown status '${status ?? ''}'`) }
  if (node === undefined || node === '') return { error: noCommandsList('Command reply without a node') }
  const out: CommandReply = { node, status: status as CommandStatus }
  const sessionid = attr(cmd, 'sessionid')
  if (sessionid !== undefined && sessionid !== '') out.sessionid = sessionid
  const notes: CommandNote[] = []
  for (const el of elements(cmd)) {
    if (el.name === 'note') {
      notes.push(parseNote(el))
    } else if (el.name === 'x' && attr(el, 'xmlns') === NS_DATA) {
      out.form ??= parseDataForm(el)
    } else if (el.name === 'actions' && out.status === 'executing' && out.actions === undefined) {
      out.actions = [...new Set(elements(el).map((a) => a.name).filter(isStageAction))]
      // §3.4 Command Actions (user-agent interpretation): `execute` is the action the attribute names, else `next`.
      const execute = attr(el, 'execute')
      out.execute = isStageAction(execute) ? execute : 'next'
    }
  }
  if (out.status === 'executing' && out.actions === undefined) {
    // §3.4: without <actions/>, a single-stage dialog: `execute` is `complete`.
    out.actions = ['complete']
    out.execute = 'complete'
  }
  if (notes.length > 0) out.notes = notes
  return { data: out }
}
