// The three ways the sign-up benchmarks (issue 10) run one whole sign-up (connect, features,
// STARTTLS with the certificate verified, get, set, close) on the TLS Prosody, all with the
// built package (dist/) and the same stream library (xmpp.js's @xmpp/connection-tcp):
// - through the plugin's socket events: a real xmpp-ftw 2.0 `Xmpp` over a fake browser socket,
//   the plugin added and `Register.attachSignup` bound, `xmpp.register.account.get` then `.set`;
// - SignupStream directly: open, get, register (which closes);
// - by hand: the library's connection opened and secured by `openStream`, the two IQs built
//   with ltx and matched by hand, the stream closed.
// Each resolves with the milliseconds from the first byte asked for to the socket closed.
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

import { Element } from 'ltx'

import type * as ConfigModule from '../src/signup/config'
import type * as ConnectModule from '../src/signup/connect'
import type * as LibraryModule from '../src/signup/library'
import type * as StreamModule from '../src/signup/stream'
import { FakeSocket } from '../test/support/fakes'
import { handles } from '../test/support/handles'

const dist = join(__dirname, '..', 'dist')
/* eslint-disable @typescript-eslint/no-require-imports */
const config = require(join(dist, 'signup', 'config')) as typeof ConfigModule
const connect = require(join(dist, 'signup', 'connect')) as typeof ConnectModule
const library = require(join(dist, 'signup', 'library')) as typeof LibraryModule
const stream = require(join(dist, 'signup', 'stream')) as typeof StreamModule
/* eslint-enable @typescript-eslint/no-require-imports */

/** The sign-up streams open in the process (the built package's count). */
export const signupStreamCount = (): number => stream.signupStreamCount()

/** Where the TLS Prosody is, and the CA that signed its certificate. */
export interface Target { host: string; port: number; ca: Buffer; domain: string }

/** The operator options of one target (STARTTLS required, the test CA), with `extra` settings. */
export const signupOptions = (t: Target, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ domains: { [t.domain]: { host: t.host, port: t.port, tls: 'required', ca: t.ca } }, limits: false, ...extra })

interface SignupAttachment { close(): void }
interface RegisterClass {
  new (): unknown
  attachSignup(xmpp: unknown, options: unknown): SignupAttachment
}

/** A browser's socket on one xmpp-ftw 2.0 instance with the plugin and the sign-up attached. */
export class Page {
  readonly socket = new FakeSocket()
  readonly attachment: SignupAttachment

  constructor(options: Record<string, unknown>) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Register = require(dist) as RegisterClass
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Xmpp } = require('xmpp-ftw') as { Xmpp: new (socket: FakeSocket) => { addListener(listener: unknown): void } }
    const xmpp = new Xmpp(this.socket)
    xmpp.addListener(new Register())
    this.attachment = Register.attachSignup(xmpp, options)
  }

  /** Emits a socket event with a callback; resolves with the callback's arguments. */
  call(event: string, data: unknown): Promise<unknown[]> {
    return new Promise((resolve) => this.socket.fromBrowser(event, data, (...args: unknown[]) => resolve(args)))
  }

  /** The browser goes away (socket.io's `disconnect`). */
  disconnect(): void {
    this.socket.emit('disconnect')
  }
}

const fail = (what: string, error: unknown): never => {
  throw new Error(`${what}: ${JSON.stringify(error)}`)
}

/** A whole sign-up through the plugin's socket events. */
export const viaPlugin = async (page: Page, t: Target, username: string, password: string): Promise<number> => {
  const start = performance.now()
  const [getError] = await page.call('xmpp.register.account.get', { domain: t.domain })
  if (getError !== null) fail('account.get', getError)
  const [setError] = await page.call('xmpp.register.account.set', { domain: t.domain, username, password })
  if (setError !== null) fail('account.set', setError)
  return performance.now() - start
}

/** A whole sign-up with SignupStream directly. */
export const viaSignupStream = async (options: Record<string, unknown>, t: Target, username: string, password: string): Promise<number> => {
  const resolved = config.resolveSignupConfig(options)
  const start = performance.now()
  const opened = await stream.SignupStream.open(t.domain, resolved)
  if ('error' in opened) return fail('open', opened.error)
  const s = opened.data
  const got = await s.get()
  if ('error' in got) fail('get', got.error)
  const set = await s.register({ fields: [{ name: 'username', value: username }, { name: 'password', value: password }] })
  if ('error' in set) fail('register', set.error)
  return performance.now() - start
}

let counter = 0
const iq = (type: 'get' | 'set', to: string): Element => new Element('iq', { type, to, id: `hand-${++counter}` })

/** A whole sign-up by hand on the stream library: `openStream`, two IQs, the stream closed. */
export const viaConnection = async (options: Record<string, unknown>, t: Target, username: string, password: string): Promise<number> => {
  const resolved = config.resolveSignupConfig(options)
  const server = config.serverFor(resolved, t.domain)!.server
  const start = performance.now()
  const opened = await connect.openStream(await library.loadXmppLibrary(), t.domain, server, resolved)
  if ('error' in opened) return fail('open', opened.error)
  const { connection, shutdown } = opened.data
  const ask = async (request: Element): Promise<void> => {
    const [, reply] = await Promise.all([connection.send(request), connect.nextElement(connection)])
    if (reply.attrs.type !== 'result' || reply.attrs.id !== request.attrs.id) fail('reply', reply.toString())
  }
  const get = iq('get', t.domain)
  get.c('query', { xmlns: 'jabber:iq:register' })
  await ask(get)
  const set = iq('set', t.domain)
  set.c('query', { xmlns: 'jabber:iq:register' }).c('username').t(username).up().c('password').t(password)
  await ask(set)
  await shutdown(true)
  return performance.now() - start
}

/** Loads the stream library once, outside any timing. */
export const loadLibrary = async (): Promise<void> => {
  await library.loadXmppLibrary()
}

/** The kinds with more active handles than in `baseline`, waiting up to `ms` for them to settle. */
export const handlesLeft = async (baseline: Record<string, number>, ms = 5000): Promise<Record<string, number>> => {
  const until = Date.now() + ms
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    const now = handles()
    const left = Object.fromEntries(Object.keys(baseline).filter((k) => now[k]! > baseline[k]!).map((k) => [k, now[k]! - baseline[k]!]))
    if ((Object.keys(left).length === 0 && signupStreamCount() === 0) || Date.now() > until) return left
  }
}

let users = 0
/** A fresh account name. */
export const user = (prefix: string): string => `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36)}-${++users}`
