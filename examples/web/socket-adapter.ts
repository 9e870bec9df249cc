// xmpp-ftw talks to a socket with send(event, data, callback), on(event, handler),
// removeAllListeners(event) and end(); a socket.io server socket speaks emit with
// acknowledgements. This adapter is all a socket.io user of the plugin needs.
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
  return {
    send: (event, data, callback) => {
      if (callback) socket.emit(event, data, callback)
      else socket.emit(event, data)
    },
    on: (event, handler) => {
      // socket.io passes the acknowledgement as the last argument, when the client asked for one.
      const listener = (data: unknown, ack?: unknown): void => handler(rewrite(event, data), ack)
      const byHandler = listenersOf(event)
      byHandler.set(handler, [...(byHandler.get(handler) ?? []), listener])
      socket.on(event, listener)
    },
    removeListener: (event, handler) => {
      const byHandler = listenersOf(event)
      const listener = byHandler.get(handler)?.pop()
      if (listener === undefined) return
      if (byHandler.get(handler)!.length === 0) byHandler.delete(handler)
      socket.off(event, listener)
    },
    removeAllListeners: (event) => {
      socket.removeAllListeners(event)
      if (event === undefined) wrapped.clear()
      else wrapped.delete(event)
    },
    end: () => {
      socket.disconnect(true)
    }
  }
}
