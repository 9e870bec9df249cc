// One virtual browser's whole journey through the example server, as the page does it: socket 1
// signs up before login (xmpp.register.account.get, account.set), socket 2 logs in over
// STARTTLS (xmpp.login, pinned by the server), then xmpp.register.get, xmpp.register.password
// and xmpp.register.unregister. Every step has a time limit; a failure names its step and
// condition (the server's, or the client's own: disconnected, connect-error, no-answer).
import { performance } from 'node:perf_hooks'

import { io, type Socket } from 'socket.io-client'

/** The socket.io transport of a virtual browser. */
export type Transport = 'websocket' | 'polling'

/** An error as the browser gets it (xmpp-ftw's shape), or one the client made itself. */
export interface BrowserError { type?: string; condition: string; description?: string }

/** The steps timed, in order; `journey` is the whole. */
export const STEPS = ['connect', 'account.get', 'account.set', 'login', 'register.get', 'password', 'unregister', 'journey'] as const
/** One of {@link STEPS}. */
export type Step = typeof STEPS[number]

/** A journey's failure: the step, and the error the browser was given (or the client's own). */
export class Failure extends Error {
  constructor(readonly step: Step, readonly error: BrowserError) {
    super(`${step}: ${error.condition}`)
  }
}

/** Conditions after which a browser connects again and starts its journey over. */
export const CONNECTION_LEVEL = new Set(['disconnected', 'not-connected', 'connect-error', 'no-answer', 'timeout'])

/** Accounts that may exist (account.set answered, or its answer was lost): name → passwords to try. */
export type Accounts = Map<string, string[]>

/** Where and how a journey runs. */
export interface JourneyOptions { url: string; transport: Transport; domain: string; stepTimeoutMs: number }

const connectSocket = (o: JourneyOptions, step: Step): Promise<Socket> => new Promise((resolve, reject) => {
  // As a browser on the page would: the example refuses a handshake from any other origin.
  const socket = io(o.url, { transports: [o.transport], forceNew: true, reconnection: false, timeout: o.stepTimeoutMs, extraHeaders: { origin: new URL(o.url).origin } })
  // socket.io's own connect timeout covers the engine.io handshake, not the namespace CONNECT.
  const timer = setTimeout(() => fail('no-answer', `not connected within ${o.stepTimeoutMs + 1000} ms (engine ${socket.io.engine?.id ?? 'not open'})`), o.stepTimeoutMs + 1000)
  const fail = (condition: string, description: string): void => {
    clearTimeout(timer)
    socket.close()
    reject(new Failure(step, { type: 'connection', condition, description }))
  }
  socket.once('connect', () => {
    clearTimeout(timer)
    socket.removeAllListeners('disconnect')
    resolve(socket)
  })
  // The engine.io session closed before the namespace CONNECT was answered (e.g. its worker died).
  socket.once('disconnect', (reason: string) => fail('disconnected', `before connect: ${reason}`))
  socket.once('connect_error', (e: Error & { context?: { responseText?: unknown } }) => {
    const answer = typeof e.context?.responseText === 'string' ? ` (${e.context.responseText.slice(0, 80)})` : ''
    fail('connect-error', `${e.message}${answer}`)
  })
})

/** Emits `event` with a callback; a disconnect before the answer or no answer in time fails the step. */
const call = <T>(socket: Socket, step: Step, event: string, data: unknown, timeoutMs: number): Promise<T> => new Promise((resolve, reject) => {
  if (!socket.connected) {
    reject(new Failure(step, { type: 'connection', condition: 'disconnected', description: 'the socket was gone before the request' }))
    return
  }
  const done = (error: BrowserError | undefined, result?: T): void => {
    clearTimeout(timer)
    socket.off('disconnect', gone)
    if (error) reject(new Failure(step, error))
    else resolve(result as T)
  }
  const gone = (reason: string): void => done({ type: 'connection', condition: 'disconnected', description: reason })
  const timer = setTimeout(() => done({ type: 'wait', condition: 'no-answer', description: `no callback within ${timeoutMs} ms (engine ${socket.io.engine?.id})` }), timeoutMs)
  socket.once('disconnect', gone)
  socket.emit(event, data, (error: BrowserError | null, result?: T) => done(error ?? undefined, result))
})

/** Logs in on a new socket; resolves with it once xmpp-ftw says online. */
const login = async (o: JourneyOptions, username: string, password: string): Promise<Socket> => {
  const socket = await connectSocket(o, 'login')
  await new Promise<void>((resolve, reject) => {
    const done = (error?: BrowserError): void => {
      clearTimeout(timer)
      socket.off('xmpp.connection', online)
      socket.off('xmpp.error', done)
      socket.off('disconnect', gone)
      if (error) {
        socket.disconnect()
        reject(new Failure('login', error))
      } else resolve()
    }
    const online = (data: { status?: string } | null): void => {
      if (data?.status === 'online') done()
    }
    const gone = (reason: string): void => done({ type: 'connection', condition: 'disconnected', description: reason })
    const timer = setTimeout(() => done({ type: 'wait', condition: 'no-answer', description: `not online within ${o.stepTimeoutMs} ms` }), o.stepTimeoutMs)
    socket.on('xmpp.connection', online)
    socket.on('xmpp.error', done)
    socket.once('disconnect', gone)
    socket.emit('xmpp.login', { jid: username, password })
  })
  return socket
}

/** One whole journey as `username`; resolves with the time of each step, or rejects with a {@link Failure}. */
export const journey = async (o: JourneyOptions, username: string, accounts: Accounts): Promise<Partial<Record<Step, number>>> => {
  const timings: Partial<Record<Step, number>> = {}
  const started = performance.now()
  const timed = async <T>(step: Step, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    const result = await run()
    timings[step] = performance.now() - t0
    return result
  }
  const password = `pw-${Math.random().toString(36).slice(2)}`
  const next = `${password}-2`
  const ms = o.stepTimeoutMs
  let socket: Socket | undefined
  // A lost answer (a connection-level failure) may hide a success: the account may exist.
  const mayExist = (e: unknown): boolean => e instanceof Failure && CONNECTION_LEVEL.has(e.error.condition)
  try {
    const signup = socket = await timed('connect', () => connectSocket(o, 'connect'))
    await timed('account.get', () => call(signup, 'account.get', 'xmpp.register.account.get', { domain: o.domain }, ms))
    try {
      await timed('account.set', () => call(signup, 'account.set', 'xmpp.register.account.set', {
        domain: o.domain,
        form: { formType: 'jabber:iq:register', fields: [{ var: 'username', value: username }, { var: 'password', value: password }] }
      }, ms))
      accounts.set(username, [password])
    } catch (e) {
      if (mayExist(e)) accounts.set(username, [password])
      throw e
    }
    signup.disconnect()
    const session = socket = await timed('login', () => login(o, username, password))
    await timed('register.get', () => call(session, 'register.get', 'xmpp.register.get', { to: o.domain }, ms))
    try {
      await timed('password', () => call(session, 'password', 'xmpp.register.password', { to: o.domain, password: next }, ms))
      accounts.set(username, [next])
    } catch (e) {
      if (mayExist(e)) accounts.set(username, [password, next])
      throw e
    }
    await timed('unregister', () => call(session, 'unregister', 'xmpp.register.unregister', { to: o.domain }, ms))
    accounts.delete(username)
    timings.journey = performance.now() - started
    return timings
  } finally {
    socket?.disconnect()
  }
}

/**
 * Removes an account a journey may have left: logs in with each password it may have and
 * unregisters it. 'removed', 'absent' (every login refused: never made, or already gone), or
 * the last failure.
 */
export const removeAccount = async (o: JourneyOptions, username: string, passwords: string[]): Promise<string> => {
  let last = 'absent'
  for (const password of passwords) {
    let socket: Socket | undefined
    try {
      socket = await login(o, username, password)
      await call(socket, 'unregister', 'xmpp.register.unregister', { to: o.domain }, o.stepTimeoutMs)
      return 'removed'
    } catch (e) {
      const refused = e instanceof Failure && e.step === 'login' && !CONNECTION_LEVEL.has(e.error.condition)
      if (!refused) last = e instanceof Failure ? e.message : String(e)
    } finally {
      socket?.disconnect()
    }
  }
  return last
}
