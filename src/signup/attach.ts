/**
 * Sign-up before login wired to one xmpp-ftw socket: the events `xmpp.register.account.get`,
 * `.set` and `.cancel` (XEP-0077 In-Band Registration on an unauthenticated stream, XEP-0445
 * tokens, XEP-0401 invite URIs). xmpp-ftw calls a plugin's `init` only once the user is
 * online, so these events are bound on the socket wrapper directly, at attach time; xmpp-ftw
 * (1.18 and 2.x) never removes them, so they answer before login, after a logout or a failed
 * login, and while logged in.
 *
 * One sign-up stream per socket, kept from `get` to `set`, and one request at a time (another
 * one meanwhile is refused with `resource-constraint`). The stream closes after a successful
 * `set`, on `cancel`, after the idle timeout, when the socket ends or disconnects, on
 * `xmpp.login`, and on `close()`. Passwords and tokens are never logged.
 *
 * Per-client limits (issue 16, `limits`): each get is counted, a new stream takes one of the
 * client's stream places until it closes, and a set reserves an account place before it is
 * sent, given back when the server refuses it. Over a limit nothing goes to the server.
 */
import { log } from '../core/log'
import { once } from '../transport/once'
import { MESSAGES } from '../xep0077/request-text'
import { resolveSignupConfig, type SignupConfig, type SignupOptions } from './config'
import { clientError } from '../xep0077/client-error'
import { CLOSED_BEFORE_READY, disconnected, limitReached, noTokens } from './errors'
import { isSocket, SocketBindings, type Listener, type SignupHost, type SignupSocket } from './socket'
import { SignupStream } from './stream'
import { limitsFor, UNKNOWN_CLIENT, warnNoClientAddress, type SignupLimits, type StreamPlace } from './limits'
import type { AccountGetResult, Outcome, SignupCallback, SignupError, SignupResult } from './types'
import { checkAccountGet, checkAccountSet, type AccountGetCommand, type AccountSetCommand, type SignupChecked } from './validate'

/** The socket events of the sign-up before login. */
export const SIGNUP_EVENTS = {
  get: 'xmpp.register.account.get',
  set: 'xmpp.register.account.set',
  cancel: 'xmpp.register.account.cancel'
} as const

/** Socket events that end the sign-up stream: the socket going away (primus, socket.io), a login. */
const ENDING_EVENTS = ['end', 'disconnect'] as const
const LOGIN_EVENT = 'xmpp.login'

/** Descriptions of the sign-up's own refusals. */
export const SIGNUP_REFUSALS = {
  busy: 'Another sign-up request of this socket is still running: wait for its callback',
  noStream: (domain: string): string => `No sign-up stream is open for ${domain}: send xmpp.register.account.get first`,
  cancelled: CLOSED_BEFORE_READY,
  failed: 'The sign-up request failed'
} as const

/** What `Register.attachSignup` returns. */
export interface SignupAttachment {
  /** Closes any open sign-up stream and unbinds the events (idempotent). */
  close(): void
}

type Reply<R> = SignupCallback<R>

const attached = new WeakMap<object, SignupSession>()

/** The sign-up state of one socket. */
class SignupSession implements SignupAttachment {
  private stream: SignupStream | undefined
  /** True once a token was accepted on {@link stream}. */
  private preauthed = false
  /** The inviter of the contact invite whose token this stream took (the set result names it). */
  private contact: string | undefined
  /** True while a get or set runs. */
  private busy = false
  /** Counts the streams dropped by the page or the socket: an open finishing late sees it changed. */
  private generation = 0
  /** Why the last stream of this socket closed on its own (idle timeout, server), for the next `set`. */
  private lost: { domain: string; error: SignupError } | undefined
  private closed = false
  /** Aborts the stream being opened, if any. */
  private opening: AbortController | undefined

  private readonly bindings: SocketBindings
  /** The limits this socket counts in, and its client's key there. */
  private readonly limits: SignupLimits
  private readonly client: string
  /** The stream place of {@link stream}, touched on each request. */
  private place: StreamPlace | undefined

  constructor(private readonly socket: SignupSocket, private readonly config: SignupConfig) {
    this.limits = limitsFor(config.limits, config.idleTimeout)
    this.client = this.limits.keyOf(config.clientAddress)
    if (this.limits.perClient && this.client === UNKNOWN_CLIENT) warnNoClientAddress()
    this.bindings = new SocketBindings(socket)
    this.bind(SIGNUP_EVENTS.get, (data: unknown, callback: unknown) => this.request('get', data, callback, (reply) => this.get(data, reply)))
    this.bind(SIGNUP_EVENTS.set, (data: unknown, callback: unknown) => this.request('set', data, callback, (reply) => this.set(data, reply)))
    this.bind(SIGNUP_EVENTS.cancel, (_data: unknown, callback: unknown) => this.cancel(callback))
    for (const event of ENDING_EVENTS) this.bind(event, () => this.close())
    this.bind(LOGIN_EVENT, () => this.drop())
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.bindings.unbindAll()
    attached.delete(this.socket)
    this.drop()
  }

  private bind(event: string, listener: Listener): void {
    this.bindings.bind(event, listener)
  }

  /** Checks the callback, then runs `run` with a reply that is called exactly once and never throws. */
  private request<R>(name: string, data: unknown, callback: unknown, run: (reply: Reply<R>) => void): void {
    if (typeof callback !== 'function') {
      this.reportClientError(clientError(MESSAGES.missingCallback, data))
      return
    }
    const reply = once<SignupError, R>(callback as Reply<R>)
    try {
      run(reply)
    } catch (e) {
      log('sign-up %s failed: %s', name, e instanceof Error ? e.message : String(e))
      reply(clientError(MESSAGES.invalid, data))
    }
  }

  private get(data: unknown, reply: Reply<AccountGetResult>): void {
    this.checked('get', checkAccountGet(data, this.config), data, reply, (command) => this.runGet(command))
  }

  private set(data: unknown, reply: Reply<SignupResult>): void {
    this.checked('set', checkAccountSet(data, this.config, (domain) => (this.stream?.domain === domain ? this.stream.rememberedFormType : undefined)), data, reply, (command) => this.runSet(command))
  }

  /** A refused payload gets its client error (nothing opened, nothing sent); a checked one runs. */
  private checked<C extends { domain: string }, R>(
    name: string, checked: SignupChecked<C>, data: unknown, reply: Reply<R>, work: (command: C) => Promise<Outcome<R>>
  ): void {
    if (!checked.ok) {
      log('sign-up %s refused: %s', name, checked.message)
      reply(clientError(checked.message, data, checked.fields, this.stream?.rememberedPrivateVars))
      return
    }
    this.run(name, checked.command.domain, () => work(checked.command), reply)
  }

  /** Runs one request at a time; the socket is free again before the callback runs. */
  private run<R>(name: string, domain: string, work: () => Promise<Outcome<R>>, reply: Reply<R>): void {
    if (this.busy) {
      log('sign-up %s for %s refused: another request is running', name, domain)
      reply(limitReached(SIGNUP_REFUSALS.busy))
      return
    }
    this.busy = true
    log('sign-up %s for %s', name, domain)
    work()
      .catch((e: unknown): Outcome<R> => {
        log('sign-up %s for %s failed: %s', name, domain, e instanceof Error ? e.message : String(e))
        return { error: disconnected(SIGNUP_REFUSALS.failed) }
      })
      .then((outcome) => {
        this.busy = false
        log('sign-up %s for %s: %s', name, domain, 'error' in outcome ? outcome.error.condition : 'success')
        if ('error' in outcome) reply(outcome.error)
        else reply(null, outcome.data)
      }, () => undefined)
  }

  private async runGet({ domain, token, invite }: AccountGetCommand): Promise<Outcome<AccountGetResult>> {
    const start = this.generation
    const over = await this.limits.countGet(this.client)
    if (over !== undefined) return { error: over }
    if (start !== this.generation || this.closed) return { error: disconnected(SIGNUP_REFUSALS.cancelled) }
    let stream = this.stream
    // Another domain, or a second token on a stream that already took one: a fresh stream.
    if (stream !== undefined && (stream.domain !== domain || !stream.isOpen || (token !== undefined && this.preauthed))) {
      this.drop()
      stream = undefined
    }
    if (stream === undefined) {
      const generation = this.generation
      const place = await this.limits.openStream(this.client)
      if (!('release' in place)) return { error: place }
      // Held by the session from now on: a drop() while opening frees it at once.
      this.place = place
      // drop() (cancel, end, disconnect, xmpp.login, close()) aborts the opening at once.
      const opening = new AbortController()
      this.opening = opening
      if (generation !== this.generation || this.closed) opening.abort()
      const opened = await SignupStream.open(domain, this.config, opening.signal)
      if (this.opening === opening) this.opening = undefined
      if ('error' in opened || generation !== this.generation || this.closed) {
        if ('data' in opened) await opened.data.close()
        if (this.place === place) this.place = undefined
        await place.release()
        return 'error' in opened ? opened : { error: disconnected(SIGNUP_REFUSALS.cancelled) }
      }
      stream = this.adopt(opened.data, place)
    } else {
      await this.place?.touch()
    }
    this.lost = undefined
    const got = await stream.get()
    if ('error' in got) return got
    if (token !== undefined) {
      const accepted = await this.preauth(stream, token)
      if ('error' in accepted) return accepted
      this.contact = invite?.contact
    }
    const result: AccountGetResult = { ...got.data, domain, features: { ...stream.features } }
    if (invite !== undefined) result.invite = { ...invite }
    return { data: result }
  }

  private async runSet({ domain, token, registration }: AccountSetCommand): Promise<Outcome<SignupResult>> {
    const stream = this.stream
    if (stream === undefined || stream.domain !== domain || !stream.isOpen) {
      const lost = this.lost?.domain === domain ? this.lost.error : undefined
      return { error: lost === undefined ? disconnected(SIGNUP_REFUSALS.noStream(domain)) : { ...lost } }
    }
    await this.place?.touch()
    if (token !== undefined && !this.preauthed) {
      const accepted = await this.preauth(stream, token)
      if ('error' in accepted) return accepted
    }
    const reserved = await this.limits.reserveAccount(this.client)
    if (!('release' in reserved)) return { error: reserved }
    if (this.stream !== stream || !stream.isOpen) {
      await reserved.release()
      return { error: disconnected(SIGNUP_REFUSALS.cancelled) }
    }
    const done = await stream.register(registration)
    // Not created (the server refused, or nothing was sent): the place goes back. Kept when
    // the outcome is unknown (no reply in time, stream lost): the account may exist.
    if ('error' in done && done.error.type !== 'connection' && done.error.condition !== 'timeout') await reserved.release()
    if (!('data' in done)) return done
    // After success the stream closes itself (one account per stream): nothing to report as
    // lost, and its place is free now.
    this.lost = undefined
    await this.place?.release()
    return this.contact === undefined ? done : { data: { ...done.data, contact: this.contact } }
  }

  /**
   * Sends the token; the server's refusal closes the stream (it holds no validated invite). A
   * server that advertises no token registration is refused here: nothing is sent and the
   * stream stays open for a sign-up without a token.
   */
  private async preauth(stream: SignupStream, token: string): Promise<Outcome<true>> {
    if (!stream.features.preauth) return { error: noTokens(stream.domain) }
    const accepted = await stream.preauth(token)
    if (this.stream !== stream) return 'error' in accepted ? accepted : { error: disconnected(SIGNUP_REFUSALS.cancelled) }
    if ('error' in accepted) this.drop()
    else this.preauthed = true
    this.contact = undefined
    return accepted
  }

  /** Makes `stream` this socket's stream, and forgets it (and gives its place back) when it closes. */
  private adopt(stream: SignupStream, place: StreamPlace): SignupStream {
    this.stream = stream
    this.place = place
    this.preauthed = false
    this.contact = undefined
    void stream.closed.then((reason) => {
      void place.release()
      if (this.place === place) this.place = undefined
      if (this.stream !== stream) return
      this.stream = undefined
      this.preauthed = false
      this.lost = { domain: stream.domain, error: reason }
    })
    return stream
  }

  /** Closes the open stream, if any (its waiting request gets `disconnected`), and aborts one still opening. */
  private drop(): void {
    this.opening?.abort()
    this.opening = undefined
    const stream = this.stream
    this.stream = undefined
    this.preauthed = false
    this.contact = undefined
    this.lost = undefined
    this.generation++
    // The stream is closing: its place is free now (a new get right away may need it).
    void this.place?.release()
    this.place = undefined
    if (stream !== undefined) void stream.close()
  }

  private cancel(callback: unknown): void {
    log('sign-up cancel')
    this.drop()
    if (typeof callback === 'function') once<SignupError, true>(callback as Reply<true>)(null, true)
  }

  private reportClientError(error: SignupError): void {
    try {
      this.socket.send('xmpp.error.client', error)
    } catch (e) {
      log('reporting a client error failed: %s', e instanceof Error ? e.message : String(e))
    }
  }
}

/**
 * Binds the sign-up events on the socket of an xmpp-ftw instance. Call once per instance,
 * next to `xmpp.addListener(new Register())`. Throws a `TypeError` naming the key for a bad
 * configuration, and an `Error` when the socket already has a sign-up attached.
 */
export const attachSignup = (xmpp: SignupHost, options: SignupOptions): SignupAttachment => {
  const config = resolveSignupConfig(options)
  const socket = (xmpp as Partial<SignupHost> | null | undefined)?.socket
  if (!isSocket(socket)) throw new TypeError('xmpp-ftw-register sign-up: the xmpp-ftw instance has no socket (send, on, removeListener)')
  if (attached.has(socket)) throw new Error('xmpp-ftw-register sign-up: this socket already has a sign-up attached; close() it first')
  const session = new SignupSession(socket, config)
  attached.set(socket, session)
  return session
}
