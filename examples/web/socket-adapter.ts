// xmpp-ftw talks to a socket with send(event, data, callback), on(event, handler),
// removeAllListeners(event) and end(); the plugin's sign-up also with removeListener(event,
// handler) (and it wraps removeAllListeners to bind its listeners again after xmpp-ftw removed
// them). A socket.io server socket speaks emit with acknowledgements, and reserves the
// `removeListener` event: its emit sends to the browser and throws for that name, so Node's
// own report of a removal would throw. This adapter reports removals itself, for code that
// watches them as it would on a Node emitter. It is all a socket.io user of the plugin needs.
import { EventEmitter } from 'node:events'

import type { Socket } from 'socket.io'

type Handler = (data: unknown, callback?: unknown) => void

/** The socket API xmpp-ftw and the plugin's sign-up (`Register.attachSignup`) call. */
export interface XmppFtwSocket {
  send(event: string, data: unknown, callback?: (...args: unknown[]) => void): void
  on(event: string, handler: Handler): void
  removeListener(event: string, handler: Handler): void
  removeAllListeners(event?: string): void
  end(): void
}

/** Reported by the adapter after a handler was removed: `(event, handler)`, as Node's emitters do. */
const REMOVED = 'removeListener'

/**
 * Wraps a socket.io server socket for xmpp-ftw. `rewrite` may change a payload before
 * xmpp-ftw sees it (the example uses it to pin `xmpp.login` to its own XMPP server).
 */
export const socketIoAdapter = (
  socket: Socket,
  rewrite: (event: string, data: unknown) => unknown = (_event, data) => data
): XmppFtwSocket => {
  // The socket.io listeners of each event and handler (as added), so that removeListener finds them.
  const wrapped = new Map<string, Map<Handler, Array<(...args: unknown[]) => void>>>()
  const listenersOf = (event: string): Map<Handler, Array<(...args: unknown[]) => void>> => {
    if (!wrapped.has(event)) wrapped.set(event, new Map())
    return wrapped.get(event)!
  }
  const removals = new EventEmitter()
  /** Reports each removed handler once per registration, after the removal. */
  const reportRemoved = (event: string, handlers: Map<Handler, unknown[]> | undefined): void => {
    for (const [handler, listeners] of handlers ?? []) for (let i = 0; i < listeners.length; i++) removals.emit(REMOVED, event, handler)
  }
  return {
    send: (event, data, callback) => {
      if (callback) socket.emit(event, data, callback)
      else socket.emit(event, data)
    },
    on: (event, handler) => {
      if (event === REMOVED) {
        removals.on(REMOVED, handler)
        return
      }
      // socket.io passes the acknowledgement as the last argument, when the client asked for one.
      const listener = (data: unknown, ack?: unknown): void => handler(rewrite(event, data), ack)
      const byHandler = listenersOf(event)
      byHandler.set(handler, [...(byHandler.get(handler) ?? []), listener])
      socket.on(event, listener)
    },
    removeListener: (event, handler) => {
      if (event === REMOVED) {
        removals.off(REMOVED, handler)
        return
      }
      const byHandler = listenersOf(event)
      const listener = byHandler.get(handler)?.pop()
      if (listener === undefined) return
      if (byHandler.get(handler)!.length === 0) byHandler.delete(handler)
      socket.off(event, listener)
      removals.emit(REMOVED, event, handler)
    },
    removeAllListeners: (event) => {
      if (event === REMOVED) {
        removals.removeAllListeners(REMOVED)
        return
      }
      socket.removeAllListeners(event)
      const removed = event === undefined ? [...wrapped] : [[event, wrapped.get(event)] as const]
      if (event === undefined) wrapped.clear()
      else wrapped.delete(event)
      for (const [name, handlers] of removed) reportRemoved(name, handlers)
      if (event === undefined) removals.removeAllListeners(REMOVED)
    },
    end: () => {
      socket.disconnect(true)
    }
  }
}
