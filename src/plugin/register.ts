/**
 * The XEP-0077 In-Band Registration plugin for xmpp-ftw: the socket events
 * `xmpp.register.get`, `.set`, `.unregister` and `.password`. Each request is one path:
 * check → build → send → wait for the reply → parse → callback (exactly once). The operations
 * are a table (operations.ts); the package's entry (../index.ts) adds the JSON types.
 */
import { log } from '../core/log'
import { NS_CANCEL, NS_CHANGE_PASSWORD, NS_REGISTER } from '../core/namespaces'
import type * as T from '../core/types'
import { recallFormType } from '../forms/form-memory'
import { DEFAULT_MAX_BOB_BYTES } from '../media/bob'
import { formHasMedia } from '../media/form-images'
import { attachSignup, type SignupAttachment } from '../signup/attach'
import type { SignupHost } from '../signup/socket'
import type { SignupOptions } from '../signup/config'
import { Base, repliesThroughTrackId, type ClientLike, type ManagerLike, type SocketLike } from '../transport/host'
import { nextId } from '../transport/id'
import { normalizeJid } from '../transport/jid'
import { once } from '../transport/once'
import { DEFAULT_MAX_STANZA_BYTES, fitsStanzaLimit } from '../transport/size'
import { guardStreamErrors } from '../transport/stream-guard'
import { trackerFor, type Outcome } from '../transport/tracker'
import { clientError } from '../xep0077/client-error'
import { MESSAGES } from '../xep0077/request-text'
import type { CheckOptions } from '../xep0077/validate'
import { trackThroughManager, transmit, withImages } from './exchange'
import { GET, PASSWORD, SET, UNREGISTER, type Operation } from './operations'
import { learnFormType, rememberedFor, withoutSecrets } from './remembered'
import { DEFAULT_TIMEOUT, resolvePluginOptions } from './options'
import { refuseShared, reportClientError, SHARED_WARNING } from './refusals'
import { DISCONNECTED, NOT_CONNECTED, sessionOf } from './session'
import { settleWith, type Waiting } from './waiting'

const EVENTS: Readonly<Record<string, string>> = Object.freeze({
  'xmpp.register.get': 'get',
  'xmpp.register.set': 'set',
  'xmpp.register.unregister': 'unregister',
  'xmpp.register.password': 'changePassword'
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
   * replies to its pending requests, so xmpp-ftw stops looking (and logging) there.
   */
  override handles(stanza?: unknown): boolean {
    const client = this.manager ? this.manager.client : undefined
    return client ? trackerFor(client).awaits(stanza) : false
  }

  /** Settles the pending request `stanza` answers (its sender is checked as always). */
  override handle(stanza?: unknown): boolean {
    const client = this.manager ? this.manager.client : undefined
    return client ? trackerFor(client).claim(stanza) : false
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

  private request<C extends { to: string }, R>(data: unknown, callback: unknown, op: Operation<C, R>): void {
    if (this.shared) {
      refuseShared(data, callback, this.socketFor())
      return
    }
    if (typeof callback !== 'function') {
      reportClientError(clientError(MESSAGES.missingCallback, data), this.socketFor())
      return
    }
    const reply = once<T.RegisterError, R>(callback as T.Callback<R>)
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
      const home = session !== undefined && (expected === session.domain || expected === session.bare)
      const tracker = trackerFor(client)
      const entry: Waiting<C, R> = {
        id,
        from: expected,
        alsoFrom: home ? session.own : undefined,
        acceptsNoFrom: home,
        timeoutMs: this.timeout,
        deadline: 0,
        done: Register.finishWaiting,
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

  /** The `done` of every request's tracker entry (one function, not a closure per request). */
  private static readonly finishWaiting = function (this: Waiting<{ to: string }, unknown>, outcome: Outcome): void {
    (this.register as Register).finish(this.op, this.command, this.home, outcome, this.reply, this.client, this.from)
  }

  private finish<C extends { to: string }, R>(
    op: Operation<C, R>,
    command: C,
    home: boolean,
    outcome: Outcome,
    reply: (error: T.RegisterError | null, data?: R) => void,
    client: ClientLike,
    jid: string
  ): void {
    if (outcome.kind === 'reply') {
      const parsed = withoutSecrets(client, op.slot, jid, op.parse(outcome.stanza), op.submitted(command))
      learnFormType(client, op, jid, parsed)
      if (log.enabled) log('%s reply: %s', op.name, 'error' in parsed ? parsed.error.condition : 'success')
      if ('error' in parsed && op.freshForm?.(command) === true) {
        this.withFreshForm(command.to, parsed.error, reply)
        return
      }
      // No media pass (nor its closure) for a reply without a form, or whose form has no media.
      if (op.media === undefined || this.maxBobBytes === 0 || !formHasMedia(op.media.of(parsed))) {
        settleWith(reply, parsed)
        return
      }
      try {
        withImages(this, op.media, parsed, outcome.stanza, client, jid, home, (final) => settleWith(reply, final))
      } catch (e) {
        // The reply as parsed, images or not: the callback is called once whatever happens.
        log('%s images failed: %s', op.name, e instanceof Error ? e.message : String(e))
        settleWith(reply, parsed)
      }
    } else if (outcome.kind === 'timeout') {
      log('%s to %s: no reply within %d ms', op.name, command.to, this.timeout)
      reply({ type: 'wait', condition: 'timeout', description: `No reply from ${command.to} within ${this.timeout} ms` })
    } else if (outcome.kind === 'detached') {
      log('%s to %s: logged out while waiting', op.name, command.to)
      reply({ ...DISCONNECTED })
    } else {
      const result = op.resultOnClose?.(command, home)
      log('%s to %s: stream closed while waiting', op.name, command.to)
      if (result !== undefined) reply(null, result)
      else reply({ ...DISCONNECTED })
    }
  }
  /**
   * After a refused answer to a CAPTCHA challenge (media/captcha.ts: single-use), `error` with the
   * form of a new get to `to` (new challenge, new image) instead of the echo; as it is when
   * that get fails.
   */
  private withFreshForm(to: string, error: T.StanzaError, reply: (error: T.RegisterError) => void): void {
    this.get({ to }, (getError, data) => {
      const form = getError === null ? data?.form : undefined
      log('set: fresh form from %s: %s', to, form === undefined ? 'none' : 'given')
      reply(form === undefined ? error : { ...error, form })
    })
  }

  /** The socket a client error without a callback goes to: the one given, or this connection's. */
  private socketFor(to?: SocketLike): SocketLike | undefined {
    return to ?? (this.manager ? this.manager.socket : undefined) ?? (this.socket || undefined)
  }
}
