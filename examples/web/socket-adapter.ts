// xmpp-ftw talks to a socket with send(event, data, callback), on(event, handler),
// removeAllListeners(event) and end(); a socket.io server socket speaks emit with
// acknowledgements. This adapter is all a socket.io user of the plugin needs.
import type { Socket } from 'socket.io'

/** The socket API xmpp-ftw calls. */
export interface XmppFtwSocket {
  send(event: string, data: unknown, callback?: (...args: unknown[]) => void): void
  on(event: string, handler: (data: unknown, callback?: unknown) => void): void
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
): XmppFtwSocket => ({
  send: (event, data, callback) => {
    if (callback) socket.emit(event, data, callback)
    else socket.emit(event, data)
  },
  on: (event, handler) => {
    // socket.io passes the acknowledgement as the last argument, when the client asked for one.
    socket.on(event, (data: unknown, ack?: unknown) => handler(rewrite(event, data), ack))
  },
  removeAllListeners: (event) => {
    socket.removeAllListeners(event)
  },
  end: () => {
    socket.disconnect(true)
  }
})
