/**
 * The socket the sign-up binds its events on (xmpp-ftw's wrapper of a socket.io socket or a
 * primus spark), and the bindings of one sign-up: kept bound across xmpp-ftw's
 * `removeAllListeners` (see {@link SocketBindings}), all removed at once on close.
 */

/**
 * A listener as event emitters type them (Node's `EventEmitter`: `(...args: any[]) => void`), so
 * that a Node emitter with `send` or the README's socket.io adapter (whose listeners take
 * `unknown` arguments) is a {@link SignupSocket} without a cast. The sign-up's own listeners
 * take `unknown` and check what they are given.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Listener = (...args: any[]) => void

/** The socket as xmpp-ftw wraps it (a socket.io socket or a primus spark): an event emitter with `send`. */
export interface SignupSocket {
  send(event: string, data: unknown): unknown
  on(event: string, listener: Listener): unknown
  removeListener(event: string, listener: Listener): unknown
}

/** The xmpp-ftw `Xmpp` instance (1.18 or 2.x), as far as the sign-up uses it. */
export interface SignupHost {
  socket: SignupSocket
}

type RemoveAll = (...args: unknown[]) => unknown

/** Whether `value` has what the sign-up uses of a socket. */
export const isSocket = (value: unknown): value is SignupSocket => {
  const socket = value as Partial<SignupSocket> | null | undefined
  return typeof socket === 'object' && socket !== null &&
    typeof socket.send === 'function' && typeof socket.on === 'function' && typeof socket.removeListener === 'function'
}

/** The listeners one sign-up bound on a socket. */
export class SocketBindings {
  private readonly bound: Array<[string, Listener]> = []
  private unbound = false

  /**
   * xmpp-ftw binds a plugin's events with `socket.removeAllListeners(event)` first (its Presence
   * plugin does so for `disconnect` each time the user goes online). The socket's own
   * `removeAllListeners` is wrapped while the sign-up is attached, and binds the sign-up's
   * listeners of that event again right after such a call. (Not the `removeListener` event:
   * socket.io reserves that name and its `emit` throws for it.)
   */
  private restoreRemoveAll: (() => void) | undefined

  constructor(private readonly socket: SignupSocket) {
    const target = socket as SignupSocket & { removeAllListeners?: RemoveAll }
    const original = target.removeAllListeners
    if (typeof original !== 'function') return
    const own = Object.prototype.hasOwnProperty.call(target, 'removeAllListeners')
    const rebind = (event: unknown): void => {
      if (this.unbound) return
      for (const [name, listener] of this.bound) {
        if (event !== undefined && event !== name) continue
        this.socket.removeListener(name, listener)
        this.socket.on(name, listener)
      }
    }
    const wrapper: RemoveAll = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args)
      rebind(args[0])
      return result
    }
    target.removeAllListeners = wrapper
    this.restoreRemoveAll = () => {
      if (target.removeAllListeners !== wrapper) return
      if (own) target.removeAllListeners = original
      else delete target.removeAllListeners
    }
  }

  /** Binds `listener` to `event` (kept bound until {@link unbindAll}). */
  bind(event: string, listener: Listener): void {
    this.socket.on(event, listener)
    this.bound.push([event, listener])
  }

  /** Removes every listener bound here and gives the socket its own `removeAllListeners` back. */
  unbindAll(): void {
    this.unbound = true
    this.restoreRemoveAll?.()
    for (const [event, listener] of this.bound) this.socket.removeListener(event, listener)
    this.bound.length = 0
  }
}
