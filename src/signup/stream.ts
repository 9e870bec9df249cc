/**
 * The sign-up stream: XEP-0077 In-Band Registration before login on an unauthenticated
 * client stream to an operator-configured server, with a XEP-0445 token (as XEP-0401 invites
 * carry) sent first when given. Requests are built and replies parsed by the plugin's own
 * builders and parsers; replies are untrusted (matched by id, from the domain or no `from`).
 * One account per stream: it closes after a successful registration, on `close()`, after an
 * idle timeout, and when the server or the network ends it. Passwords and tokens are never
 * logged.
 */
import type { Element } from 'ltx'

import { buildBobRequest, parseBobReply, type BobData } from '../media/bob'
import { answersChallenge } from '../media/captcha'
import { getReplyForm, resolveFormImages, withGetReplyForm, type ImageSource } from '../media/form-images'
import { nextId } from '../transport/id'
import { normalizeJid } from '../transport/jid'
import { log } from '../core/log'
import type { Reply } from '../core/reply'
import { parseGetResult, parsePreauthReply, parseRegisteredReply } from '../xep0077/replies'
import { bothPrivateVars, privateVars, privateVarsAfter, withoutPrivateErrorValues, withoutPrivateReplyValues } from '../forms/private-fields'
import { buildGet, buildPreauth, buildSet } from '../xep0077/stanzas'
import type { ConnectionError, GetResult, StanzaError, XmlElement } from '../core/types'
import { attr } from '../transport/xml'
import { serverFor, type SignupConfig } from './config'
import { openStream, type OpenedStream } from './connect'
import { clientError } from '../xep0077/client-error'
import { CLOSED_BEFORE_READY, disconnected, limitReached, noRegistration, noTokens, timedOut } from './errors'
import { readFeatures } from './features'
import { loadXmppLibrary } from './library'
import type { Outcome, SignupError, SignupFeatures, SignupResult } from './types'
import { SIGNUP_MESSAGES, type SignupCommand } from './validate'

/**
 * The process-wide count of open sign-up streams, shared by every copy of this package the
 * process loaded (a registry symbol), so that the global cap is one per process.
 */
const COUNTER = Symbol.for('xmpp-ftw-register.signup-streams')
const registry = globalThis as unknown as Record<symbol, { open: number } | undefined>
const counter = (registry[COUNTER] ??= { open: 0 })

/** Sign-up streams open in this process (counted from connect to socket closed). */
export const signupStreamCount = (): number => counter.open

/** The username a registration names (legacy field or form field `username`). */
const usernameOf = (command: SignupCommand): string | undefined => {
  if (command.form !== undefined) {
    const field = command.form.fields.find((f) => f.var === 'username')
    return field?.values.length === 1 ? field.values[0] : undefined
  }
  return command.fields.find((f) => f.name === 'username')?.value
}

interface Pending {
  settle(reply: XmlElement | SignupError): void
}

/** An open sign-up stream to one domain's server. Create with {@link SignupStream.open}. */
export class SignupStream {
  /** The features advertised before login (after TLS). */
  readonly features: SignupFeatures
  /** True when the stream runs over TLS. */
  readonly secure: boolean
  /** Resolves once the stream and its socket are closed, with the reason. */
  readonly closed: Promise<ConnectionError>

  private readonly pending = new Map<string, Pending>()
  /** The `var`s of the private fields of the last form the server sent (for error echoes). */
  private privateVars: ReadonlySet<string> | undefined
  /** The FORM_TYPE of get's form (XEP-0068), for a form submitted without one. */
  private formType: string | undefined
  private idle: NodeJS.Timeout | undefined
  private ending: ConnectionError | undefined
  private resolveClosed!: (reason: ConnectionError) => void

  private constructor(
    /** The domain signed up for (lower-case). */
    readonly domain: string,
    private readonly stream: OpenedStream,
    private readonly config: SignupConfig
  ) {
    this.features = readFeatures(stream.features)
    this.secure = stream.secure
    this.closed = new Promise((resolve) => { this.resolveClosed = resolve })
    const { connection } = stream
    connection.on('element', (el: XmlElement) => this.route(el))
    connection.on('error', () => this.end(disconnected(`The stream with the server of ${domain} failed`), false))
    connection.on('close', () => this.end(disconnected(`The server of ${domain} closed the stream`), true))
    connection.on('disconnect', () => this.end(disconnected(`The connection to the server of ${domain} closed`), false))
    this.touch()
  }

  /**
   * Opens a sign-up stream to `domain`'s configured server: connects, STARTTLS (always when
   * offered; required unless the operator allowed plaintext), reads the features. Refused
   * without connecting when the domain is not configured or the process's stream cap is
   * reached; refused (stream closed) when the server offers no in-band registration.
   */
  static async open(domain: string, config: SignupConfig, signal?: AbortSignal): Promise<Outcome<SignupStream>> {
    const target = serverFor(config, domain)
    if (target === undefined) return { error: clientError(SIGNUP_MESSAGES.notConfigured, { domain }) }
    if (counter.open >= config.maxStreams) {
      return { error: limitReached(`Too many sign-ups at once (${config.maxStreams}); try again later`) }
    }
    counter.open++
    let counted = true
    const release = (): void => {
      if (counted) counter.open--
      counted = false
    }
    let opened: Outcome<OpenedStream>
    try {
      opened = await openStream(await loadXmppLibrary(), target.domain, target.server, config, signal)
    } catch {
      release()
      return { error: disconnected('The XMPP stream library could not be loaded') }
    }
    if ('error' in opened) {
      release()
      log('sign-up stream to %s not opened: %s', target.domain, opened.error.condition)
      return opened
    }
    const stream = new SignupStream(target.domain, opened.data, config)
    void stream.closed.then(release)
    if (signal?.aborted === true) {
      await stream.close()
      return { error: disconnected(CLOSED_BEFORE_READY) }
    }
    if (!stream.features.register) {
      await stream.close()
      return { error: noRegistration(target.domain) }
    }
    log('sign-up stream to %s open (tls: %s, preauth: %s)', target.domain, stream.secure, stream.features.preauth)
    return { data: stream }
  }

  /** The `var`s of the private fields of the last form the server sent (undefined: none). */
  get rememberedPrivateVars(): ReadonlySet<string> | undefined {
    return this.privateVars
  }

  /** The FORM_TYPE of the form get last returned (undefined: none), for a set whose form names none. */
  get rememberedFormType(): string | undefined {
    return this.formType
  }

  /** True until the stream starts closing. */
  get isOpen(): boolean {
    return this.ending === undefined
  }

  /**
   * XEP-0077 §3.1 Ex 1: what registration needs (fields, form, instructions, out-of-band
   * link). The form's `cid:` images become `data:` URIs (media/form-images.ts: a §3 fetch only for
   * data the reply lacks: ejabberd 23.01 ends a stream before login on a BoB get); its private
   * fields are kept for the errors of the registration.
   */
  async get(): Promise<Outcome<GetResult>> {
    let stanza: XmlElement | undefined
    const got = await this.request('get', buildGet(nextId(), { to: this.domain }), (iq) => {
      stanza = iq
      return parseGetResult(iq)
    })
    // No reply (timeout, stream gone): nothing to read.
    if (stanza === undefined) return got
    const parsed = got as Reply<GetResult>
    const form = getReplyForm(parsed)
    this.privateVars = privateVarsAfter(this.privateVars, form, 'error' in parsed)
    // As after login (plugin/remembered.ts): a result's form (or none) replaces it, an error's form sets it.
    if (!('error' in parsed) || form !== undefined) this.formType = form?.formType
    return this.withImages(withoutPrivateReplyValues(parsed, this.privateVars), stanza)
  }

  /**
   * XEP-0445 §4: sends the token; a refusal is the server's stanza error. Nothing is sent to a
   * server that did not advertise token registration (§3): `feature-not-implemented`, and the
   * stream stays open (ejabberd 23.01 would end the stream with `not-authorized`).
   */
  async preauth(token: string): Promise<Outcome<true>> {
    if (this.ending === undefined && !this.features.preauth) return { error: noTokens(this.domain) }
    return this.request('preauth', buildPreauth(nextId(), this.domain, token), parsePreauthReply)
  }

  /**
   * XEP-0077 §3.1 Ex 4 and Ex 10: registers. After success the stream closes (one account
   * per stream) before the outcome arrives; after an error it stays open for another try.
   */
  async register(command: SignupCommand): Promise<Outcome<SignupResult>> {
    let replied = false
    const outcome = await this.request('register', buildSet(nextId(), { ...command, to: this.domain }), (iq) => {
      replied = true
      return parseRegisteredReply(iq)
    })
    if ('error' in outcome) return replied ? this.refused(command, outcome as { error: StanzaError }) : outcome
    const result: SignupResult = { ...outcome.data }
    const username = usernameOf(command)
    if (username !== undefined) result.jid = normalizeJid(`${username}@${this.domain}`)
    await this.close()
    return { data: result }
  }

  /**
   * The server's refusal of a registration: no private value in its form (ejabberd echoes
   * the submitted form, password included, without field types: the get's private fields,
   * the submission's and XEP-0077's password names count). After an answer to a CAPTCHA
   * challenge (media/captcha.ts: single-use), a fresh form from a new get on this stream replaces
   * the echo, new image included; when that get fails, the error stays as it is.
   */
  private async refused(command: SignupCommand, refusal: { error: StanzaError }): Promise<Outcome<SignupResult>> {
    const submitted = command.form && privateVars(command.form)
    const safe = withoutPrivateErrorValues(refusal.error, bothPrivateVars(this.privateVars, submitted))
    if (!answersChallenge(command.form) || this.ending !== undefined) return { error: safe }
    const fresh = await this.get()
    const form = 'data' in fresh ? fresh.data.form : undefined
    log('sign-up fresh form from %s: %s', this.domain, form === undefined ? 'none' : 'given')
    return { error: form === undefined ? safe : { ...safe, form } }
  }

  /** `parsed` with its form's `cid:` images as `data:` URIs where the data is known (media/form-images.ts). */
  private withImages(parsed: Reply<GetResult>, stanza: XmlElement): Promise<Reply<GetResult>> {
    const form = getReplyForm(parsed)
    if (form === undefined || this.config.maxBobBytes === 0) return Promise.resolve(parsed)
    const source: ImageSource = {
      owner: this,
      sender: this.domain,
      maxBytes: this.config.maxBobBytes,
      fetch: (cid, done) => void this.fetchBob(cid).then(done, () => done(undefined))
    }
    return new Promise((resolve) => {
      try {
        resolveFormImages(form, stanza, source, (resolved) => resolve(resolved === form ? parsed : withGetReplyForm(parsed, resolved)))
      } catch (e) {
        log('sign-up images from %s failed: %s', this.domain, e instanceof Error ? e.message : String(e))
        resolve(parsed)
      }
    })
  }

  /** XEP-0231 §3 on this stream: the data of `cid` from the domain, or undefined. */
  private async fetchBob(cid: string): Promise<BobData | undefined> {
    const maxBytes = this.config.maxBobBytes
    const got = await this.request('bob', buildBobRequest(nextId(), this.domain, cid), (iq) => ({ data: parseBobReply(iq, cid, maxBytes) }))
    return 'data' in got ? got.data : undefined
  }

  /** Closes the stream; resolves once its socket is closed. Requests still waiting get `disconnected`. */
  async close(): Promise<void> {
    this.end(disconnected('The sign-up stream was closed'), true)
    await this.closed
  }

  private async request<T>(name: string, iq: Element, parse: (iq: XmlElement) => Reply<T>): Promise<Outcome<T>> {
    if (this.ending !== undefined) return { error: this.ending }
    const id = String(iq.attrs.id)
    const reply = await new Promise<XmlElement | SignupError>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        resolve(timedOut(`No reply from ${this.domain} within ${this.config.timeout} ms`))
      }, this.config.timeout)
      this.pending.set(id, {
        settle: (value) => {
          clearTimeout(timer)
          this.pending.delete(id)
          resolve(value)
        }
      })
      this.touch()
      this.stream.connection.send(iq).catch(() => this.end(disconnected(`The stream with the server of ${this.domain} failed`), false))
    })
    if (!('name' in reply)) return { error: reply }
    const parsed = parse(reply)
    log('sign-up %s reply from %s: %s', name, this.domain, 'error' in parsed ? parsed.error.condition : 'success')
    return parsed
  }

  /** A reply to a waiting request: by id, type result or error, from the domain or no `from`. */
  private route(el: XmlElement): void {
    if (el.name !== 'iq') return
    const type = attr(el, 'type')
    const id = attr(el, 'id')
    if ((type !== 'result' && type !== 'error') || id === undefined) return
    const from = attr(el, 'from')
    if (from !== undefined && normalizeJid(from) !== this.domain) return
    this.pending.get(id)?.settle(el)
  }

  /** Starts the idle timer, or restarts it (the same timer: `refresh()`, no new one per request). */
  private touch(): void {
    if (this.idle !== undefined) {
      this.idle.refresh()
      return
    }
    this.idle = setTimeout(() => {
      this.end(disconnected(`The sign-up stream was idle for ${this.config.idleTimeout} ms`), true)
    }, this.config.idleTimeout)
  }

  /** Starts closing (once): waiting requests get `reason`, the socket is closed, then `closed` resolves. */
  private end(reason: ConnectionError, graceful: boolean): void {
    if (this.ending !== undefined) return
    this.ending = reason
    clearTimeout(this.idle)
    for (const pending of [...this.pending.values()]) pending.settle(reason)
    void this.stream.shutdown(graceful).then(() => {
      log('sign-up stream to %s closed: %s', this.domain, reason.description)
      this.resolveClosed(reason)
    })
  }
}
