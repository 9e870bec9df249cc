/**
 * The XEP-0077 In-Band Registration plugin for xmpp-ftw: the socket events
 * `xmpp.register.get`, `.set`, `.unregister` and `.password`, and `.invite` (XEP-0401
 * invites through XEP-0050 commands, plugin/invite.ts). Each request is one path:
 * check → build → send → wait for the reply → parse → callback (exactly once). The operations
 * are a table (operations.ts); the package's entry (../index.ts) adds the JSON types.
 */
import { log } from '../core/log'
import { NS_CANCEL, NS_CHANGE_PASSWORD, NS_REGISTER } from '../core/namespaces'
import type * as T from '../core/types'
import type { InviteRequest, InviteStep } from '../adhoc/types'
import { recallFormType } from '../forms/form-memory'
import { DEFAULT_MAX_BOB_BYTES } from '../media/bob'
import { attachSignup, type SignupAttachment } from '../signup/attach'
import { socketIoClientAddress } from '../signup/client-address'
import type { SignupHost } from '../signup/socket'
import type { SignupOptions } from '../signup/config'
import { Base, repliesThroughTrackId, type ManagerLike, type SocketLike } from '../transport/host'
import { nextId } from '../transport/id'
import { normalizeJid } from '../transport/jid'
import { once } from '../transport/once'
import { DEFAULT_MAX_STANZA_BYTES, fitsStanzaLimit } from '../transport/size'
import { guardStreamErrors } from '../transport/stream-guard'
import { trackerFor } from '../transport/trackers'
import { clientError } from '../xep0077/client-error'
import { MESSAGES } from '../xep0077/request-text'
import type { CheckOptions } from '../xep0077/validate'
import { trackThroughManager, transmit } from './exchange'
import { finishWaiting } from './finish'
import { GET, PASSWORD, SET, UNREGISTER, type Operation } from './operations'
import { rememberedFor } from './remembered'
import { invite } from './invite'
import { DEFAULT_TIMEOUT, resolvePluginOptions } from './options'
import { refuseShared, reportClientError, SHARED_WARNING } from './refusals'
import { isHome, NOT_CONNECTED, sessionOf } from './session'
import type { Waiting } from './waiting'

const EVENTS: Readonly<Record<string, string>> = Object.freeze({
  'xmpp.register.get': 'get',
  'xmpp.register.set': 'set',
  'xmpp.register.unregister': 'unregister',
  'xmpp.register.password': 'changePassword',
  'xmpp.register.invite': 'invite'
})

/**
 * The XEP-0077 In-Band Registration plugin. Add it to an xmpp-ftw instance with
 * `xmpp.addListener(new Register())`, or embed it in another plugin with
 * `register.init(manager, true)` and call its methods directly.
 */
export class Register extends Base {
  /** `jabber:iq:register` (XEP-0077). */
  static readonly NS = NS_REGISTER
  /** FORM_TYPE of the cancellation form (XEP-0077 §3.2). */
  static readonly NS_CANCEL = NS_CANCEL
  /** FORM_TYPE of the password change form (XEP-0077 §3.3). */
  static readonly NS_CHANGE_PASSWORD = NS_CHANGE_PASSWORD
  /** Default milliseconds to wait for a reply. */
  static readonly DEFAULT_TIMEOUT = DEFAULT_TIMEOUT
  /** Default bound of a request stanza in UTF-8 bytes (64 KiB). */
  static readonly DEFAULT_MAX_STANZA_BYTES = DEFAULT_MAX_STANZA_BYTES
  /** Default bound of one XEP-0231 image's decoded bytes (64 KiB). */
  static readonly DEFAULT_MAX_BOB_BYTES = DEFAULT_MAX_BOB_BYTES

  /**
   * Binds the sign-up before login (`xmpp.register.account.get`, `.set`, `.cancel`) on the
   * socket of an xmpp-ftw instance: call once per instance, next to
   * `xmpp.addListener(new Register())`. The options list the domains a page may sign up for
   * and their servers; a bad option throws a `TypeError` naming the key.
   */
  static attachSignup(xmpp: SignupHost, options: SignupOptions): SignupAttachment {
    return attachSignup(xmpp, options)
  }

  /** The browser's address of a socket.io socket for the sign-up's `clientAddress` (X-Forwarded-For from trusted proxies only). */
  static readonly socketIoClientAddress = socketIoClientAddress

  /** Milliseconds to wait for a reply before the callback gets a `timeout` error. */
  timeout: number
  /** The most UTF-8 bytes a request stanza may take; a bigger request is a client error. */
  maxStanzaBytes: number
  /** The most decoded bytes of one XEP-0231 image put on a form as a `data:` URI (0: none, no fetches). */
  maxBobBytes: number

  /** What every check of this instance needs besides the payload (one object, not one per request). */
  private readonly checkOptions: CheckOptions & { maxStanzaBytes: number }

  /** Set once `init` was given a second, different manager: every request is refused. */
  private shared = false

  constructor(options: T.RegisterOptions = {}) {
    super()
    const { timeout, maxStanzaBytes, maxBobBytes } = resolvePluginOptions(options)
    this.timeout = timeout
    this.maxStanzaBytes = maxStanzaBytes
    this.maxBobBytes = maxBobBytes
    this.checkOptions = {
      maxStanzaBytes,
      formTypeFor: (to, slot) => {
        const client = this.manager ? this.manager.client : undefined
        return client ? recallFormType(client, normalizeJid(to), slot) : undefined
      }
    }
  }

  /** `jabber:iq:register`, as 1.x had it on the instance. */
  get NS(): string {
    return NS_REGISTER
  }

  /** `jabber:iq:register:cancel`, as 1.x had it on the instance. */
  get NS_CANCEL(): string {
    return NS_CANCEL
  }

  /** `jabber:iq:register:changepassword`, as 1.x had it on the instance. */
  get NS_CHANGE_PASSWORD(): string {
    return NS_CHANGE_PASSWORD
  }

  /**
   * Called by xmpp-ftw once the user is online, and again with the same manager after each
   * new login; an embedding plugin calls `init(manager, true)`. One instance serves one
   * manager: given a different one, it warns once and refuses every request from then on, on
   * both connections, so no request can go out on another user's stream. A stream error after
   * logout (account removal) is kept from crashing the process either way.
   */
  override init(manager: ManagerLike, ignoreEvents?: boolean): void {
    guardStreamErrors(manager.client)
    if (!this.manager || this.manager === manager) {
      super.init(manager, ignoreEvents)
      return
    }
    if (!this.shared) process.emitWarning(SHARED_WARNING, { code: 'XMPP_FTW_REGISTER_SHARED' })
    this.shared = true
    log('init with a second manager: refusing every request')
    const socket = manager.socket
    if (ignoreEvents || !socket) return
    for (const event of Object.keys(EVENTS)) {
      socket.removeAllListeners(event)
      socket.on(event, (data, callback) => refuseShared(data, callback, socket))
    }
  }

  /** Socket events and the methods that handle them (read by xmpp-ftw's `Base`). */
  get _events(): Readonly<Record<string, string>> {
    return EVENTS
  }

  /** Requests of this plugin's connection still waiting for a reply (0 when not connected). */
  get pending(): number {
    const client = this.manager ? this.manager.client : undefined
    return client ? trackerFor(client).size : 0
  }

  /**
   * xmpp-ftw asks each plugin whether it handles an incoming stanza: this one claims the
   * replies to its pending requests (settled already by the client's stanza event, which the
   * tracker hears first), so xmpp-ftw stops looking (and logging) there.
   */
  override handles(stanza?: unknown): boolean {
    const client = this.manager ? this.manager.client : undefined
    return client ? trackerFor(client).awaits(stanza) : false
  }

  /** Takes the reply `handles()` claimed: settled already, or settled now (its sender is checked as always). */
  override handle(stanza?: unknown): boolean {
    const client = this.manager ? this.manager.client : undefined
    return client ? trackerFor(client).take(stanza) : false
  }

  /** `xmpp.register.get`: asks `to` what registration needs, or what is on file. */
  get(data: T.GetRequest, callback: T.Callback<T.GetResult>): void {
    this.request(data, callback, GET)
  }

  /** `xmpp.register.set`: registers with legacy fields or a form; success is `{registered: true}`. */
  set(data: T.SetRequest, callback: T.Callback<T.RegisteredResult>): void {
    this.request(data, callback, SET)
  }

  /** `xmpp.register.unregister`: cancels the registration; success is `true`. */
  unregister(data: T.UnregisterRequest, callback: T.Callback<T.UnregisterResult>): void {
    this.request(data, callback, UNREGISTER)
  }

  /** `xmpp.register.password`: changes the password; success is `{registered: true}`. */
  changePassword(data: T.PasswordRequest, callback: T.Callback<T.RegisteredResult>): void {
    this.request(data, callback, PASSWORD)
  }

  /**
   * `xmpp.register.invite`: creates a XEP-0401 invite through the home server's XEP-0050
   * commands (plugin/invite.ts): `{}` for a contact invite; the result is the invite, or a
   * command stage to continue with its `sessionid`, or `canceled`.
   */
  invite(data: InviteRequest, callback: T.Callback<InviteStep>): void {
    this.guarded(data, callback, 'invite', (reply: (error: T.RegisterError | null, data?: InviteStep) => void) => invite(this, data, reply))
  }

  /** The shared-instance refusal and the missing callback (reported here: undefined), else the callback called once. */
  private accept<R>(data: unknown, callback: unknown): ((error: T.RegisterError | null, data?: R) => void) | undefined {
    if (this.shared) {
      refuseShared(data, callback, this.socketFor())
      return undefined
    }
    if (typeof callback !== 'function') {
      reportClientError(clientError(MESSAGES.missingCallback, data), this.socketFor())
      return undefined
    }
    return once<T.RegisterError, R>(callback as T.Callback<R>)
  }

  /** {@link accept}, then `run`; a throw is a client error. */
  private guarded<R>(data: unknown, callback: unknown, name: string, run: (reply: (error: T.RegisterError | null, data?: R) => void) => void): void {
    const reply = this.accept<R>(data, callback)
    if (reply === undefined) return
    try {
      run(reply)
    } catch (e) {
      log('%s failed: %s', name, e instanceof Error ? e.message : String(e))
      reply(clientError(MESSAGES.invalid, data))
    }
  }

  private request<C extends { to: string }, R>(data: unknown, callback: unknown, op: Operation<C, R>): void {
    // Not through guarded(): no closure per request on this path.
    const reply = this.accept<R>(data, callback)
    if (reply === undefined) return
    try {
      const manager = this.manager
      const session = sessionOf(manager)
      this.checkOptions.maxStanzaBytes = this.maxStanzaBytes
      const checked = op.check(data, session, this.checkOptions)
      if (!checked.ok) {
        log('%s refused: %s', op.name, checked.message)
        reply(clientError(checked.message, data, checked.fields, rememberedFor(manager, data, op.slot)))
        return
      }
      const command = checked.command
      const client = manager ? manager.client : undefined
      if (!client || typeof client.send !== 'function') {
        reply({ ...NOT_CONNECTED })
        return
      }
      guardStreamErrors(client)
      const id = nextId()
      const stanza = op.build(id, command)
      if (checked.sizeBound + id.length > this.maxStanzaBytes && !fitsStanzaLimit(stanza, this.maxStanzaBytes)) {
        log('%s refused: stanza over %d bytes', op.name, this.maxStanzaBytes)
        reply(clientError(MESSAGES.stanzaTooLarge(this.maxStanzaBytes), data))
        return
      }
      // Replies must come from the addressee (in any letter case). For the user's own server
      // or account the server may answer without `from` (RFC 6120 §8.1.2.1), and ejabberd
      // answers a <remove/> from the account's own JID.
      const expected = normalizeJid(command.to)
      const home = isHome(session, expected)
      const tracker = trackerFor(client)
      const entry: Waiting<C, R> = {
        id,
        from: expected,
        alsoFrom: home ? session.own : undefined,
        acceptsNoFrom: home,
        timeoutMs: this.timeout,
        deadline: 0,
        done: finishWaiting,
        register: this, op, command, home, reply, client
      }
      tracker.track(entry)
      // A manager that delivers replies only through trackId (the family's test convention)
      // gets the request registered there too, before it is sent.
      if (manager && repliesThroughTrackId(manager)) {
        trackThroughManager(manager, stanza, id, (answer) => tracker.deliver(id, answer))
      }
      if (log.enabled) log('%s %s to %s: %s', op.name, id, command.to, op.describe(command))
      transmit(client, stanza, id, tracker, reply)
    } catch (e) {
      log('%s failed: %s', op.name, e instanceof Error ? e.message : String(e))
      reply(clientError(MESSAGES.invalid, data))
    }
  }

  /** The socket a client error without a callback goes to: the one given, or this connection's. */
  private socketFor(to?: SocketLike): SocketLike | undefined {
    return to ?? (this.manager ? this.manager.socket : undefined) ?? (this.socket || undefined)
  }
}
