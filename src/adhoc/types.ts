/**
 * The JSON of `xmpp.register.invite`: creating a XEP-0401 invite through XEP-0050 ad-hoc
 * commands on the user's home server. Requests are untrusted (adhoc/invite-request.ts checks
 * them); results and errors are what the callback gets.
 */
import type { DataForm, FormInput } from '../core/types'

/** Which XEP-0401 command: a contact invite (§5.1, default) or an account invite (§5.4, usually admins only). */
export type InviteType = 'invite' | 'create-account'

/** XEP-0050 §4.2: the actions a command in progress may allow next (besides cancel). */
export type StageAction = 'prev' | 'next' | 'complete'

/** XEP-0050 §4.3 `<note/>`: `type` defaults to `info`. */
export interface CommandNote {
  type: 'info' | 'warn' | 'error'
  text: string
}

/**
 * `xmpp.register.invite` payload. `{}` creates a contact invite on the home server. With
 * `sessionid` (from a result of status `executing`), it continues that command: `form` filled
 * in, an optional `action`, or `cancel: true`.
 */
export interface InviteRequest {
  /** The server to ask; default the session's domain (the home server). */
  to?: string
  /** Default `invite`. */
  type?: InviteType
  /** Continues a command this connection saw `executing`. */
  sessionid?: string
  /** With `sessionid`: the form of the `executing` result, filled in. */
  form?: FormInput
  /** With `sessionid`: the action (absent: the server's default, the result's `execute`). */
  action?: StageAction
  /** With `sessionid`: cancel the command (XEP-0050 §2.4.3). */
  cancel?: boolean
}

/** The invite a completed command created. */
export interface InviteResult {
  /** The XEP-0401 invite URI, as the server gave it: `xmpp:alice@example.org?roster;preauth=…;ibr=y`. */
  uri: string
  /** The server's landing page for the invite (`landing-url`), only when it is an http(s) URL. */
  url?: string
  /** When the invite expires (`expire`), an XML Schema dateTime such as `2026-12-13T07:39:29Z`, only when it is one. */
  expires?: string
  /**
   * Whether the URI lets its holder create an account (a `register` invite, or a `roster`
   * invite with `ibr=y`). False for a contact invite on a server that does not let users
   * invite new accounts (Prosody's `allow_user_invites = false`): it only adds a contact.
   */
  registration: boolean
  /** Notes the server attached (XEP-0050 §4.3), if any. */
  notes?: CommandNote[]
}

/** The result of `xmpp.register.invite`: the invite once completed, the next stage, or canceled. */
export type InviteStep =
  | ({ status: 'completed' } & InviteResult)
  | InviteStage
  | InviteCanceled

/** A command that asks for more (XEP-0050 §2.4.2): fill in `form`, send it back with `sessionid`. */
export interface InviteStage {
  status: 'executing'
  node: string
  sessionid: string
  form?: DataForm
  /** The actions allowed next (besides cancel). */
  actions: StageAction[]
  /** What sending without an `action` means. */
  execute?: StageAction
  notes?: CommandNote[]
}

/** A canceled command (the server's answer, or the local one for a session not in progress). */
export interface InviteCanceled {
  status: 'canceled'
  sessionid?: string
}
