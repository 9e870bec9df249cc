// The page's side of xmpp-ftw: one socket.io connection per login (and one before it, for the
// sign-up), socket events with callbacks as promises. A lost socket is reported at once
// (`onLost`): every waiting call settles with an error, and socket.io reconnects (`onBack`);
// the XMPP session died with the old socket, so the page is then logged out.
import { io, type Socket } from 'socket.io-client'

import type { RegisterError } from '../../../src/core/types'

/** The outcome of a socket event with a callback. */
export type Outcome<T> = { error: RegisterError; data?: undefined } | { error?: undefined; data: T }

const LOGIN_TIMEOUT_MS = 15000
/** A call the web server never answers settles after this long (the plugin's own timeouts are shorter). */
const CALL_TIMEOUT_MS = 60000

const UNREACHABLE: RegisterError = { type: 'connection', condition: 'web-server-unreachable', description: 'Cannot reach the web server' }
const GONE: RegisterError = { type: 'connection', condition: 'web-server-lost' }
const NOT_CONNECTED: RegisterError = { type: 'connection', condition: 'not-connected' }
const TIMEOUT: RegisterError = { type: 'wait', condition: 'timeout' }

/** The one transport the page uses: the server's config.json may say long-polling instead. */
let transport: 'websocket' | 'polling' = 'websocket'

/** Uses long-polling when `value` is exactly 'polling' (config.json is read as untrusted). */
export const useTransport = (value: unknown): void => {
  transport = value === 'polling' ? 'polling' : 'websocket'
}

/** A new socket; `reconnect`: socket.io reconnects it after a loss. */
const newSocket = (reconnect: boolean): Socket =>
  io({ transports: [transport], forceNew: true, reconnection: reconnect, reconnectionDelay: 300, reconnectionDelayMax: 2000 })

/** The socket went away without the page closing it. */
const lost = (reason: Socket.DisconnectReason): boolean => reason !== 'io client disconnect'

/** Resolves with `xmpp.login`'s outcome on `socket` (the full JID); `onDrop` for an error once online. */
const loginOn = (socket: Socket, username: string, password: string, onDrop: (error: RegisterError) => void): Promise<Outcome<string>> =>
  new Promise((resolve) => {
    let online = false
    const settle = (outcome: Outcome<string>): void => {
      clearTimeout(timer)
      socket.off('disconnect', gone)
      resolve(outcome)
    }
    const timer = setTimeout(() => settle({ error: TIMEOUT }), LOGIN_TIMEOUT_MS)
    const gone = (): void => settle({ error: GONE })
    socket.on('xmpp.connection', (data: { status?: string; jid?: Record<string, string> }) => {
      if (data.status !== 'online' || online) return
      online = true
      const jid = data.jid ?? {}
      settle({ data: `${jid.user ?? jid._local ?? username}@${jid._domain ?? jid.domain ?? ''}/${jid._resource ?? jid.resource ?? ''}` })
    })
    socket.on('xmpp.error', (error: RegisterError) => {
      if (online) onDrop(error)
      else settle({ error })
    })
    socket.once('connect_error', () => settle({ error: UNREACHABLE }))
    socket.once('disconnect', gone)
    socket.once('connect', () => socket.emit('xmpp.login', { jid: username, password }))
  })

export class Connection {
  private socket: Socket | undefined
  /** Called when the XMPP session ends without the page asking (e.g. the account is gone). */
  onDrop: (error: RegisterError) => void = () => undefined
  /** Called at once when the socket to the web server is lost (socket.io then reconnects). */
  onLost: () => void = () => undefined
  /** Called when socket.io has reconnected after a loss (a socket that is not logged in). */
  onBack: () => void = () => undefined

  /** Opens a socket that is not logged in (for the sign-up), unless one is open. */
  open(): Promise<Outcome<true>> {
    if (this.socket?.connected) return Promise.resolve({ data: true })
    const socket = this.replace()
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ data: true }))
      socket.once('connect_error', () => resolve({ error: UNREACHABLE }))
      // Its web server process went before the connection was complete.
      socket.once('disconnect', () => resolve({ error: GONE }))
    })
  }

  /** Logs in on a new socket; resolves with the full JID. */
  async login(username: string, password: string): Promise<Outcome<string>> {
    const socket = this.replace()
    const outcome = await loginOn(socket, username, password, (error) => { if (this.socket === socket) this.onDrop(error) })
    if (outcome.error && this.socket === socket) this.close()
    return outcome
  }

  /**
   * Whether `password` is the account's password now: a login on a socket of its own, logged
   * out and closed at once (the page keeps no password to compare with).
   */
  async check(username: string, password: string): Promise<Outcome<true>> {
    const socket = newSocket(false)
    const outcome = await loginOn(socket, username, password, () => undefined)
    if (outcome.error) socket.disconnect()
    else socket.timeout(2000).emit('xmpp.logout', {}, () => socket.disconnect())
    return outcome.error ? outcome : { data: true }
  }

  /**
   * Emits a socket event with a callback. Settles whatever happens: not connected at once, the
   * socket lost before the callback, or no callback within a minute.
   */
  call<T>(event: string, data: unknown): Promise<Outcome<T>> {
    const socket = this.socket
    if (socket === undefined || !socket.connected) return Promise.resolve({ error: socket === undefined ? NOT_CONNECTED : GONE })
    return new Promise((resolve) => {
      const settle = (outcome: Outcome<T>): void => {
        clearTimeout(timer)
        socket.off('disconnect', gone)
        resolve(outcome)
      }
      const gone = (): void => settle({ error: GONE })
      const timer = setTimeout(() => settle({ error: TIMEOUT }), CALL_TIMEOUT_MS)
      socket.once('disconnect', gone)
      socket.emit(event, data, (error: RegisterError | null, result?: T) => settle(error ? { error } : { data: result as T }))
    })
  }

  /** Listens to `event` on the current socket (the listener goes with it). */
  on(event: string, handler: (data: unknown) => void): void {
    this.socket?.on(event, handler)
  }

  /** Logs out and closes the socket. */
  async logout(): Promise<void> {
    if (this.socket?.connected) await Promise.race([this.call('xmpp.logout', {}), new Promise((r) => setTimeout(r, 1000))])
    this.close()
  }

  close(): void {
    const socket = this.socket
    this.socket = undefined
    socket?.disconnect()
  }

  /** Closes the current socket and opens a new one that reports its loss and return. */
  private replace(): Socket {
    this.close()
    const socket = newSocket(true)
    this.socket = socket
    let down = false
    socket.on('disconnect', (reason) => {
      if (this.socket !== socket || !lost(reason)) return
      down = true
      this.onLost()
      // socket.io reconnects by itself after a network loss, not when the server closed it.
      if (reason === 'io server disconnect') socket.connect()
    })
    socket.on('connect', () => {
      if (this.socket !== socket || !down) return
      down = false
      socket.off('xmpp.connection')
      socket.off('xmpp.error')
      this.onBack()
    })
    return socket
  }
}
