// A browser's view of one xmpp-ftw session with the plugin, over a real TCP connection to
// one of the project's test servers (Prosody unless told): socket events in, callbacks and
// socket messages out.
import { parse } from 'ltx'

import { FakeSocket } from '../support/fakes'
import { hostModule, loadRegister } from '../support/host'
import { SERVERS, type TestServer } from './servers'

interface XmppInstance {
  client?: { send(stanza: unknown): unknown } | false
  jid?: string
  addListener(listener: unknown): void
  logout(callback?: () => void): void
  clearListeners(): void
}

/** Unique per run, so that runs never share accounts or rooms. */
export const RUN = `${Date.now().toString(36)}${process.pid.toString(36)}`
let counter = 0
/** A fresh account name. */
export const uniqueUser = (prefix: string): string => `${prefix}-${RUN}-${++counter}`

export class Browser {
  readonly socket = new FakeSocket()
  readonly xmpp: XmppInstance
  /** Stanzas the session sent since the last `resetSent()`. */
  sent: string[] = []

  private constructor(pkg: string, timeout: number, bare: boolean, from?: string) {
    const { Xmpp } = hostModule(pkg) as unknown as { Xmpp: new (socket: FakeSocket) => XmppInstance }
    const Register = loadRegister(pkg, from)
    this.xmpp = new Xmpp(this.socket)
    // Without xmpp-ftw's own plugins: its Presence plugin takes over the socket's `disconnect`.
    if (bare) this.xmpp.clearListeners()
    this.xmpp.addListener(new Register({ timeout }))
  }

  /**
   * Logs in (registering the account first when `register`) and resolves with the
   * session, or rejects with the xmpp-ftw error the browser was sent. With `bare`, the
   * session has only this plugin (xmpp-ftw's Roster, Presence and Chat cleared); with `from`,
   * the plugin is loaded from there (`DIST`: the built package) instead of the sources.
   */
  static async login(
    pkg: string,
    user: string,
    password: string,
    options: { register?: boolean; timeout?: number; server?: TestServer; bare?: boolean; from?: string } = {}
  ): Promise<Browser> {
    const server = options.server ?? SERVERS[0]!
    const browser = new Browser(pkg, options.timeout ?? 5000, options.bare === true, options.from)
    const outcome = browser.socket.next(['xmpp.connection', 'xmpp.error'])
    browser.socket.fromBrowser('xmpp.login', {
      jid: `${user}@${server.domain}`,
      password,
      host: server.host,
      port: server.port,
      register: options.register === true
    })
    const { event, data } = await outcome
    if (event === 'xmpp.error') {
      browser.close()
      throw Object.assign(new Error('login failed'), { xmppError: data })
    }
    browser.watchSent()
    return browser
  }

  /** The xmpp-ftw error a login gets, or undefined when it succeeds (then logged out). */
  static async loginError(pkg: string, user: string, password: string, server: TestServer = SERVERS[0]!): Promise<unknown> {
    try {
      const browser = await Browser.login(pkg, user, password, { server })
      browser.close()
      return undefined
    } catch (e) {
      return (e as { xmppError?: unknown }).xmppError
    }
  }

  /** The session's full JID. */
  get jid(): string {
    return String(this.xmpp.jid)
  }

  /** Emits a socket event with a callback; resolves with the callback's arguments. */
  call(event: string, data: unknown): Promise<unknown[]> {
    return new Promise((resolve) => this.socket.fromBrowser(event, data, (...args: unknown[]) => resolve(args)))
  }

  /** Sends raw XML on the session's stream (test set-up only, e.g. joining a room). */
  raw(xml: string): void {
    const client = this.xmpp.client
    if (!client) throw new Error('not connected')
    client.send(parse(xml))
  }

  /** Logs out through the socket, as a browser does. */
  logout(): Promise<unknown[]> {
    return this.call('xmpp.logout', {})
  }

  /** Ends the session whatever its state. */
  close(): void {
    try { this.xmpp.logout(() => undefined) } catch { /* already gone */ }
  }

  /**
   * Sends `xmpp.login` with exactly `data`: xmpp-ftw hands that object to node-xmpp-client as
   * its options, so it may carry `host`, `port`, `register`, `rejectUnauthorized` and TLS
   * `credentials` such as `{ ca }`. Resolves once the browser is sent `xmpp.connection` or
   * `xmpp.error`, with the session when online (else closed) and every message sent so far.
   */
  static async connect(pkg: string, data: Record<string, unknown>): Promise<{ online?: Browser; toBrowser: Array<{ event: string; data: unknown }> }> {
    const browser = new Browser(pkg, 5000, false)
    const online = await browser.loginWith(data)
    if (!online) browser.close()
    return { online: online ? browser : undefined, toBrowser: [...browser.socket.toBrowser] }
  }

  /** A page that has not logged in (yet): xmpp-ftw with its own plugins and this one. */
  static offline(pkg: string): Browser {
    return new Browser(pkg, 5000, false)
  }

  /** Sends `xmpp.login` with exactly `data` on this socket; resolves true once online, false on `xmpp.error`. */
  async loginWith(data: Record<string, unknown>): Promise<boolean> {
    const outcome = this.socket.next(['xmpp.connection', 'xmpp.error'])
    this.socket.fromBrowser('xmpp.login', data)
    const online = (await outcome).event === 'xmpp.connection'
    if (online) this.watchSent()
    return online
  }

  private watchSent(): void {
    const client = this.xmpp.client
    if (!client) return
    const send = client.send.bind(client)
    client.send = (stanza: unknown) => {
      this.sent.push(String(stanza))
      return send(stanza)
    }
  }
}
