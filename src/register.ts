/**
 * XEP-0077 In-Band Registration plugin for xmpp-ftw: the socket events
 * `xmpp.register.get`, `.set`, `.unregister` and `.password`. Each request is one path:
 * check → build → send → wait for the reply → parse → callback (exactly once).
 */
import type { Element } from 'ltx'

import { buildBobRequest, DEFAULT_MAX_BOB_BYTES, parseBobReply, type BobData } from './bob'
import { getReplyForm, resolveFormImages, withGetReplyForm, type ImageSource } from './form-images'
import { answersChallenge } from './captcha'
import { Base, repliesThroughTrackId, type ClientLike, type ManagerLike, type SocketLike } from './host'
import { nextId } from './id'
import { bareOf, normalizeJid, parseJid } from './jid'
import { log } from './log'
import { isObject } from './json'
import { once } from './once'
import { NS_CANCEL, NS_CHANGE_PASSWORD, NS_REGISTER } from './namespaces'
import { parseRegisteredReply, parseUnregisterReply, type Reply } from './replies'
import { attachSignup, type SignupAttachment, type SignupHost } from './signup/attach'
import { clientError } from './signup/errors'
import type { SignupOptions } from './signup/config'
import { parseGetResult } from './signup/mode'
import type * as S from './signup/types'
import { DEFAULT_MAX_STANZA_BYTES, fitsStanzaLimit } from './size'
import { recallFormType, recallPrivateFields, rememberFormType, rememberPrivateFields, type FormSlot } from './form-types'
import { privateVarsAfter, withoutPrivateReplyValues } from './private-fields'
import { buildGet, buildPasswordChange, buildSet, buildUnregister } from './stanzas'
import { guardStreamErrors } from './stream-guard'
import { trackerFor, type Outcome } from './tracker'
import type * as T from './types'
import {
  checkGet,
  checkPassword,
  checkSet,
  checkUnregister,
  MESSAGES,
  type Checked,
  type CheckOptions,
  type GetCommand,
  type PasswordCommand,
  type SetCommand,
  type UnregisterCommand
} from './validate'

const EVENTS: Readonly<Record<string, string>> = Object.freeze({
  'xmpp.register.get': 'get',
  'xmpp.register.set': 'set',
  'xmpp.register.unregister': 'unregister',
  'xmpp.register.password': 'changePassword'
})

const DEFAULT_TIMEOUT = 10000
const MAX_TIMEOUT = 2147483647
const MAX_STANZA_BYTES = 2147483647

const SHARED = 'This Register instance already serves another xmpp-ftw connection: give each connection its own new Register()'
const SHARED_WARNING = 'xmpp-ftw-register: one Register instance was given to a second xmpp-ftw connection; it now refuses every request. Give each connection its own new Register()'

/** One XEP-0077 operation: how to check, build, describe (for the log) and read it. */
interface Operation<C extends { to: string }, R> {
  name: string
  check(data: unknown, session: Session | undefined, options: CheckOptions): Checked<C>
  build(id: string, command: C): Element
  describe(command: C): string
  parse(iq: T.XmlElement): Reply<R>
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
interface FormOfReply<R> {
  of(parsed: Reply<R>): T.DataForm | undefined
  with(parsed: Reply<R>, form: T.DataForm): Reply<R>
}

/** get's form: the result's, or the error's. */
const GET_FORM: FormOfReply<T.GetResult> = { of: getReplyForm, with: withGetReplyForm }

const formSummary = (form: { formType: string; fields: Array<{ var: string }> }): string =>
  `form ${form.formType} [${form.fields.map((f) => f.var).join(',')}]`

const GET: Operation<GetCommand, T.GetResult> = {
  name: 'get',
  check: (data, _session, options) => checkGet(data, options),
  build: buildGet,
  describe: () => 'query',
  parse: parseGetResult,
  slot: 'set',
  resultFormType: (data) => data.form?.formType,
  media: GET_FORM
}

const SET: Operation<SetCommand, T.RegisteredResult> = {
  name: 'set',
  check: (data, _session, options) => checkSet(data, options),
  build: buildSet,
  describe: (c) => (c.form ? formSummary(c.form) : `fields [${c.fields.map((f) => f.name).join(',')}]`),
  parse: parseRegisteredReply,
  slot: 'set',
  freshForm: (c) => answersChallenge(c.form)
}

const UNREGISTER: Operation<UnregisterCommand, true> = {
  name: 'unregister',
  check: (data, _session, options) => checkUnregister(data, options),
  build: buildUnregister,
  describe: (c) => (c.form ? formSummary(c.form) : 'remove'),
  parse: parseUnregisterReply,
  slot: 'unregister',
  // XEP-0077 §3.2: the home server may close the stream right after removing the account.
  resultOnClose: (_c, toHomeServer) => (toHomeServer ? true : undefined)
}

const PASSWORD: Operation<PasswordCommand, T.RegisteredResult> = {
  name: 'password',
  check: (data, session, options) => checkPassword(data, session?.local, options),
  build: buildPasswordChange,
  describe: (c) => ('form' in c ? formSummary(c.form) : 'fields [username,password]'),
  parse: parseRegisteredReply,
  slot: 'password'
}

/** The session's own JID, normalised, as replies are matched against it. */
interface Session {
  local?: string
  domain: string
  bare: string
  /** Domain, bare and full JID: senders that may answer for the home server. */
  own: ReadonlySet<string>
}

const sessions = new WeakMap<object, { jid: string; session: Session | undefined }>()

const sessionOf = (manager: ManagerLike | false | undefined): Session | undefined => {
  const jid = manager ? manager.jid : undefined
  if (!manager || typeof jid !== 'string') return undefined
  const cached = sessions.get(manager)
  if (cached !== undefined && cached.jid === jid) return cached.session
  const parts = parseJid(jid)
  let session: Session | undefined
  if (parts !== undefined) {
    const domain = normalizeJid(parts.domain)
    const bare = bareOf(parts)
    session = { domain, bare, own: new Set([domain, bare, normalizeJid(jid)]) }
    if (parts.local !== undefined) session.local = parts.local
  }
  sessions.set(manager, { jid, session })
  return session
}

const NOT_CONNECTED: T.ConnectionError = { type: 'connection', condition: 'not-connected', description: 'You are not connected' }
const DISCONNECTED: T.ConnectionError = { type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' }

/**
 * Remembers the FORM_TYPE of the form a reply carries: `get`'s result form (none forgets
 * it), or the form of an error (XEP-0077 Ex 16, Ex 23) for the operation that got it.
 */
const learnFormType = <C extends { to: string }, R>(client: ClientLike, op: Operation<C, R>, jid: string, parsed: Reply<R>): void => {
  const isError = 'error' in parsed
  if (isError) {
    const form = parsed.error.form
    if (form === undefined) return
    rememberFormType(client, jid, op.slot, form.formType)
  } else if (op.resultFormType !== undefined) {
    rememberFormType(client, jid, op.slot, op.resultFormType(parsed.data))
  } else {
    return
  }
  const form = isError ? parsed.error.form : op.media?.of(parsed)
  // What was known counts only for an error's echo (no field types); a result's form replaces it.
  const known = isError ? recallPrivateFields(client, jid, op.slot) : undefined
  rememberPrivateFields(client, jid, op.slot, privateVarsAfter(known, form, isError))
}

/**
 * An error reply without the value of any private field of its form (ejabberd echoes the
 * submitted form, password included, with no field types): see private-fields.ts.
 */
/** The private `var`s the form of `data.to` marked for `slot` on this login's client (for a client error's echo). */
const rememberedFor = (manager: ManagerLike | false | undefined, data: unknown, slot: FormSlot): ReadonlySet<string> | undefined => {
  const client = manager ? manager.client : undefined
  const to = isObject(data) ? data.to : undefined
  if (!client || typeof to !== 'string') return undefined
  const jid = normalizeJid(to)
  return jid === '' ? undefined : recallPrivateFields(client, jid, slot)
}

const withoutSecrets = <R>(client: ClientLike, slot: FormSlot, jid: string, parsed: Reply<R>): Reply<R> =>
  'error' in parsed ? withoutPrivateReplyValues(parsed, recallPrivateFields(client, jid, slot)) : parsed

/**
 * The XEP-0077 In-Band Registration plugin. Add it to an xmpp-ftw instance with
 * `xmpp.addListener(new Register())`, or embed it in another plugin with
 * `register.init(manager, true)` and call its methods directly.
 */
class Register extends Base {
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
    const timeout = options.timeout ?? DEFAULT_TIMEOUT
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT) {
      throw new RangeError(`xmpp-ftw-register: timeout must be an integer from 1 to ${MAX_TIMEOUT} ms`)
    }
    this.timeout = timeout
    const maxStanzaBytes = options.maxStanzaBytes ?? DEFAULT_MAX_STANZA_BYTES
    if (typeof maxStanzaBytes !== 'number' || !Number.isInteger(maxStanzaBytes) || maxStanzaBytes < 1 || maxStanzaBytes > MAX_STANZA_BYTES) {
      throw new RangeError(`xmpp-ftw-register: maxStanzaBytes must be an integer from 1 to ${MAX_STANZA_BYTES}`)
    }
    this.maxStanzaBytes = maxStanzaBytes
    const maxBobBytes = options.maxBobBytes ?? DEFAULT_MAX_BOB_BYTES
    if (typeof maxBobBytes !== 'number' || !Number.isInteger(maxBobBytes) || maxBobBytes < 0 || maxBobBytes > MAX_STANZA_BYTES) {
      throw new RangeError(`xmpp-ftw-register: maxBobBytes must be an integer from 0 to ${MAX_STANZA_BYTES}`)
    }
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
      socket.on(event, (data, callback) => this.refuseShared(data, callback, socket))
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
      this.refuseShared(data, callback)
      return
    }
    if (typeof callback !== 'function') {
      this.reportClientError(clientError(MESSAGES.missingCallback, data))
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
      tracker.track({
        id,
        from: expected,
        alsoFrom: home ? session.own : undefined,
        acceptsNoFrom: home,
        timeoutMs: this.timeout,
        deadline: 0,
        done: (outcome) => this.finish(op, command, home, outcome, reply, client, expected)
      })
      // A manager that delivers replies only through trackId (the family's test convention)
      // gets the request registered there too, before it is sent.
      if (manager && repliesThroughTrackId(manager)) {
        this.trackThroughManager(manager, stanza, id, (answer) => tracker.deliver(id, answer))
      }
      if (log.enabled) log('%s %s to %s: %s', op.name, id, command.to, op.describe(command))
      this.transmit(client, stanza, id, () => tracker.forget(id), reply)
    } catch (e) {
      log('%s failed: %s', op.name, e instanceof Error ? e.message : String(e))
      reply(clientError(MESSAGES.invalid, data))
    }
  }

  private trackThroughManager(manager: ManagerLike, stanza: Element, id: string, deliver: (reply: unknown) => void): void {
    try {
      manager.trackId?.(stanza, deliver)
    } catch (e) {
      // The request still goes out; the client's stanza events or the timeout settle it.
      log('trackId %s failed: %s', id, e instanceof Error ? e.message : String(e))
    }
  }

  private transmit(client: ClientLike, stanza: Element, id: string, untrack: () => void, reply: (e: T.RegisterError) => void): void {
    try {
      client.send(stanza)
    } catch (e) {
      untrack()
      log('send %s failed: %s', id, e instanceof Error ? e.message : String(e))
      reply({ ...DISCONNECTED })
    }
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
      const parsed = withoutSecrets(client, op.slot, jid, op.parse(outcome.stanza))
      learnFormType(client, op, jid, parsed)
      if (log.enabled) log('%s reply: %s', op.name, 'error' in parsed ? parsed.error.condition : 'success')
      const settle = (final: Reply<R>): void => {
        if ('error' in final) reply(final.error)
        else reply(null, final.data)
      }
      if ('error' in parsed && op.freshForm?.(command) === true) {
        this.withFreshForm(command.to, parsed.error, reply)
        return
      }
      if (op.media === undefined || this.maxBobBytes === 0) {
        settle(parsed)
        return
      }
      try {
        this.withImages(op.media, parsed, outcome.stanza, client, jid, home, settle)
      } catch (e) {
        // The reply as parsed, images or not: the callback is called once whatever happens.
        log('%s images failed: %s', op.name, e instanceof Error ? e.message : String(e))
        settle(parsed)
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
   * Settles a reply with each `cid:` image on its form's media as a `data:` URI (XEP-0231,
   * form-images.ts): a §3 fetch goes to `jid` on the same stream, tracked, timed and
   * sender-checked as the request was. `settle` is called once, after the last fetch ends.
   */
  private withImages<R>(
    media: FormOfReply<R>,
    parsed: Reply<R>,
    stanza: T.XmlElement,
    client: ClientLike,
    jid: string,
    home: boolean,
    settle: (parsed: Reply<R>) => void
  ): void {
    const form = media.of(parsed)
    if (form === undefined) {
      settle(parsed)
      return
    }
    const source: ImageSource = {
      owner: client,
      sender: jid,
      maxBytes: this.maxBobBytes,
      fetch: (cid, done) => this.fetchBob(client, jid, home, cid, done)
    }
    resolveFormImages(form, stanza, source, (resolved) => settle(resolved === form ? parsed : media.with(parsed, resolved)))
  }

  /**
   * After a refused answer to a CAPTCHA challenge (captcha.ts: single-use), `error` with the
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

  /** XEP-0231 §3: asks `jid` for the data of `cid`; `done` gets it, or undefined. */
  private fetchBob(client: ClientLike, jid: string, home: boolean, cid: string, done: (data: BobData | undefined) => void): void {
    const id = nextId()
    const stanza = buildBobRequest(id, jid, cid)
    const tracker = trackerFor(client)
    tracker.track({
      id,
      from: jid,
      alsoFrom: home ? sessionOf(this.manager)?.own : undefined,
      acceptsNoFrom: home,
      timeoutMs: this.timeout,
      deadline: 0,
      done: (outcome) => {
        const data = outcome.kind === 'reply' ? parseBobReply(outcome.stanza, cid, this.maxBobBytes) : undefined
        log('bob %s for %s: %s', id, cid, data !== undefined ? 'image' : outcome.kind === 'reply' ? 'no image' : outcome.kind)
        done(data)
      }
    })
    const manager = this.manager
    if (manager && repliesThroughTrackId(manager)) this.trackThroughManager(manager, stanza, id, (answer) => tracker.deliver(id, answer))
    log('bob %s to %s: %s', id, jid, cid)
    this.transmit(client, stanza, id, () => tracker.forget(id), () => done(undefined))
  }

  /** Answers a request to a shared instance on the socket it came from (see `init`). */
  private refuseShared(data: unknown, callback: unknown, socket?: SocketLike): void {
    const error = clientError(SHARED, data)
    if (typeof callback === 'function') once<T.RegisterError, never>(callback as T.Callback<never>)(error)
    else this.reportClientError(error, socket)
  }

  private reportClientError(error: T.ClientError, to?: SocketLike): void {
    try {
      const socket = to ?? (this.manager ? this.manager.socket : undefined) ?? (this.socket || undefined)
      if (socket && typeof socket.send === 'function') socket.send('xmpp.error.client', error)
      else log('client error with no socket to report it to: %s', error.description)
    } catch (e) {
      log('reporting a client error failed: %s', e instanceof Error ? e.message : String(e))
    }
  }
}

/* eslint-disable @typescript-eslint/no-namespace -- the types of `export =` (CommonJS: require() returns the class) */
declare namespace Register {
  export type RegistrationField = T.RegistrationField
  export type XmlElement = T.XmlElement
  export type FieldType = T.FieldType
  export type FormOption = T.FormOption
  export type MediaUri = T.MediaUri
  export type Media = T.Media
  export type Validation = T.Validation
  export type FormField = T.FormField
  export type DataForm = T.DataForm
  export type FieldValueInput = T.FieldValueInput
  export type FormFieldInput = T.FormFieldInput
  export type FormInput = T.FormInput
  export type Oob = T.Oob
  export type LegacyFieldsInput = T.LegacyFieldsInput
  export type GetRequest = T.GetRequest
  export type SetRequest = T.SetRequest
  export type UnregisterRequest = T.UnregisterRequest
  export type PasswordRequest = T.PasswordRequest
  export type GetResult = T.GetResult
  export type RegisteredResult = T.RegisteredResult
  export type UnregisterResult = T.UnregisterResult
  export type ApplicationError = T.ApplicationError
  export type StanzaError = T.StanzaError
  export type InvalidField = T.InvalidField
  export type ClientError = T.ClientError
  export type ConnectionError = T.ConnectionError
  export type TimeoutError = T.TimeoutError
  export type RegisterError = T.RegisterError
  export type Callback<R> = T.Callback<R>
  export type RegisterOptions = T.RegisterOptions
  export type RegistrationInfo = T.RegistrationInfo
  export type RegistrationMode = T.RegistrationMode
  export type SignupOptions = import('./signup/config').SignupOptions
  export type SignupServerOptions = import('./signup/config').SignupServerOptions
  export type TlsPolicy = import('./signup/config').TlsPolicy
  export type CaInput = import('./signup/config').CaInput
  export type SignupAttachment = import('./signup/attach').SignupAttachment
  export type SignupHost = import('./signup/attach').SignupHost
  export type SignupSocket = import('./signup/attach').SignupSocket
  export type SignupFeatures = S.SignupFeatures
  export type AccountGetRequest = S.AccountGetRequest
  export type AccountGetResult = S.AccountGetResult
  export type AccountSetRequest = S.AccountSetRequest
  export type InviteSummary = S.InviteSummary
  export type SignupResult = S.SignupResult
  export type SignupCallback<R> = S.SignupCallback<R>
  export type SignupError = S.SignupError
  export type TlsFailureError = S.TlsFailureError
  export type NoRegistrationError = S.NoRegistrationError
  export type LimitError = S.LimitError
}
/* eslint-enable @typescript-eslint/no-namespace */

export = Register
