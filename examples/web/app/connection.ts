// The page's side of xmpp-ftw: one socket.io connection per login, socket events with
// callbacks as promises.
import { io, type Socket } from 'socket.io-client'

import type { RegisterError } from '../../../src/types'

/** The outcome of a socket event with a callback. */
export type Outcome<T> = { error: RegisterError; data?: undefined } | { error?: undefined; data: T }

const LOGIN_TIMEOUT_MS = 15000

export class Connection {
  private socket: Socket | undefined
  /** Called when the XMPP session ends without the page asking (e.g. the account is gone). */
  onDrop: (error: RegisterError) => void = () => undefined

  /** Logs in (creating the account first with `register`); resolves with the full JID. */
  login(username: string, password: string, register: boolean): Promise<Outcome<string>> {
    this.close()
    const socket = io({ transports: ['websocket'], forceNew: true, reconnection: false })
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
        resolve({ error: { type: 'connection', condition: 'not-connected', description: 'Cannot reach the web server' } })
      })
      socket.once('connect', () => socket.emit('xmpp.login', { jid: username, password, register }))
    })
  }

  /** Emits a socket event with a callback. */
  call<T>(event: string, data: unknown): Promise<Outcome<T>> {
    const socket = this.socket
    if (socket === undefined) return Promise.resolve({ error: { type: 'connection', condition: 'not-connected', description: 'You are not connected' } })
    return new Promise((resolve) => {
      socket.emit(event, data, (error: RegisterError | null, result?: T) => {
        resolve(error ? { error } : { data: result as T })
      })
    })
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
