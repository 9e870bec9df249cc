// The page's side of xmpp-ftw: one socket.io connection per login (and one before it, for the
// sign-up), socket events with callbacks as promises.
import { io, type Socket } from 'socket.io-client'

import type { RegisterError } from '../../../src/core/types'

/** The outcome of a socket event with a callback. */
export type Outcome<T> = { error: RegisterError; data?: undefined } | { error?: undefined; data: T }

const LOGIN_TIMEOUT_MS = 15000

const UNREACHABLE: RegisterError = { type: 'connection', condition: 'not-connected', description: 'Cannot reach the web server' }
const GONE: RegisterError = { type: 'connection', condition: 'disconnected', description: 'The connection to the web server was lost' }

/** The one transport the page uses: the server's config.json may say long-polling instead. */
let transport: 'websocket' | 'polling' = 'websocket'

/** Uses long-polling when `value` is exactly 'polling' (config.json is read as untrusted). */
export const useTransport = (value: unknown): void => {
  transport = value === 'polling' ? 'polling' : 'websocket'
}

const newSocket = (): Socket => io({ transports: [transport], forceNew: true, reconnection: false })

export class Connection {
  private socket: Socket | undefined
  /** Called when the XMPP session ends without the page asking (e.g. the account is gone). */
  onDrop: (error: RegisterError) => void = () => undefined

  /** Opens a socket that is not logged in (for the sign-up), unless one is open. */
  open(): Promise<Outcome<true>> {
    if (this.socket?.connected) return Promise.resolve({ data: true })
    this.close()
    const socket = newSocket()
    this.socket = socket
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ data: true }))
      socket.once('connect_error', () => resolve({ error: UNREACHABLE }))
      // Its web server process went before the connection was complete.
      socket.once('disconnect', () => resolve({ error: GONE }))
    })
  }

  /** Logs in on a new socket; resolves with the full JID. */
  login(username: string, password: string): Promise<Outcome<string>> {
    this.close()
    const socket = newSocket()
    this.socket = socket
    return new Promise((resolve) => {
      let online = false
      const timer = setTimeout(() => resolve({ error: { type: 'wait', condition: 'timeout', description: 'The server did not answer' } }), LOGIN_TIMEOUT_MS)
      socket.on('xmpp.connection', (data: { status?: string; jid?: Record<string, string> }) => {
        if (data.status !== 'online' || online) return
        online = true
        clearTimeout(timer)
        const jid = data.jid ?? {}
        resolve({ data: `${jid.user ?? jid._local ?? username}@${jid._domain ?? jid.domain ?? ''}/${jid._resource ?? jid.resource ?? ''}` })
      })
      socket.on('xmpp.error', (error: RegisterError) => {
        if (online) {
          if (this.socket === socket) this.onDrop(error)
          return
        }
        clearTimeout(timer)
        resolve({ error })
      })
      socket.on('connect_error', () => {
        clearTimeout(timer)
        resolve({ error: UNREACHABLE })
      })
      // The web server went (e.g. its process died): said at once, before or after online.
      socket.on('disconnect', (reason: string) => {
        if (reason === 'io client disconnect' || this.socket !== socket) return
        if (online) {
          this.onDrop(GONE)
          return
        }
        clearTimeout(timer)
        resolve({ error: GONE })
      })
      socket.once('connect', () => socket.emit('xmpp.login', { jid: username, password }))
    })
  }

  /** Emits a socket event with a callback; `disconnected` if the socket goes before the callback. */
  call<T>(event: string, data: unknown): Promise<Outcome<T>> {
    const socket = this.socket
    if (socket === undefined) return Promise.resolve({ error: { type: 'connection', condition: 'not-connected', description: 'You are not connected' } })
    // A socket already gone would buffer the request for ever (no reconnection).
    if (!socket.connected) return Promise.resolve({ error: GONE })
    return new Promise((resolve) => {
      const gone = (): void => resolve({ error: GONE })
      socket.once('disconnect', gone)
      socket.emit(event, data, (error: RegisterError | null, result?: T) => {
        socket.off('disconnect', gone)
        resolve(error ? { error } : { data: result as T })
      })
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
}
