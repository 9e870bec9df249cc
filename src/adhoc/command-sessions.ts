/**
 * XEP-0050 command sessions in progress, per XMPP client: each `sessionid` a server answered
 * with `status='executing'` (§2.4.2), the JID and node it belongs to and the FORM_TYPE its
 * form had. A page continues or cancels a command by its `sessionid` alone; the JID, the node
 * and the FORM_TYPE come from here, never from the page. A server need not check who owns a
 * session (Prosody 0.12 does not), so nothing is sent for a session not found here. Bounded:
 * at most 256 per client, the oldest dropped first; gone with the client (one per login).
 */

/** A command in progress. */
export interface CommandSession {
  /** The JID that runs the command (normalised). */
  to: string
  node: string
  /** The FORM_TYPE of the form the server sent (none: none is submitted). */
  formType?: string
}

/** The most sessions remembered per XMPP client. */
export const MAX_COMMAND_SESSIONS = 256

const sessions = new WeakMap<object, Map<string, CommandSession>>()

/** Remembers `sessionid` on `client` as in progress; `undefined` forgets it (completed, canceled, failed). */
export const rememberSession = (client: object, sessionid: string, session: CommandSession | undefined): void => {
  let memory = sessions.get(client)
  if (session === undefined) {
    memory?.delete(sessionid)
    return
  }
  if (memory === undefined) {
    memory = new Map()
    sessions.set(client, memory)
  }
  memory.delete(sessionid)
  memory.set(sessionid, session)
  if (memory.size > MAX_COMMAND_SESSIONS) memory.delete(memory.keys().next().value!)
}

/** The command `sessionid` names on `client`, if it is in progress. */
export const recallSession = (client: object, sessionid: string): CommandSession | undefined =>
  sessions.get(client)?.get(sessionid)
