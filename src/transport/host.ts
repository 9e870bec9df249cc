/**
 * The host xmpp-ftw (peer dependency, 1.18 or 2.x): its `Base` plugin class and the
 * shapes of the manager, socket and XMPP client this XEP-0077 plugin uses.
 */
import type { Element } from 'ltx'

/** The socket as xmpp-ftw wraps it (socket.io or primus). */
export interface SocketLike {
  send(event: string, data: unknown, callback?: unknown): unknown
  on(event: string, listener: (data: unknown, callback: unknown) => void): unknown
  removeAllListeners(event?: string): unknown
}

/** node-xmpp-client's `Client`, as far as this plugin uses it. */
export interface ClientLike {
  send(stanza: Element): unknown
  on?(event: string, listener: (...args: unknown[]) => void): unknown
  prependListener?(event: string, listener: (...args: unknown[]) => void): unknown
  listeners?(event: string): unknown[]
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown
}

/** The xmpp-ftw `Xmpp` instance a plugin is given in `init`. */
export interface ManagerLike {
  socket?: SocketLike
  client?: ClientLike | false | null
  /** The session's full JID once online (`user@domain/resource`). */
  jid?: unknown
  /** xmpp-ftw's reply tracking: calls `callback` with the reply to the IQ `stanza`. */
  trackId?(stanza: Element, callback: (reply: unknown) => void): unknown
  /** xmpp-ftw's `Xmpp` hands each stanza of its client to its plugins' `handles()`/`handle()`. */
  handleStanza?: unknown
}

/**
 * Whether replies reach a plugin only through `manager.trackId(stanza, callback)`: a manager
 * with `trackId` that is not xmpp-ftw's `Xmpp` (the xmpp-ftw family's test convention, a fake
 * manager with `trackId` and `makeCallback`). xmpp-ftw's `Xmpp` hands every stanza to its
 * plugins, and its `trackId` would drop a reply from a differently-cased JID as a spoof.
 */
export const repliesThroughTrackId = (manager: ManagerLike): boolean =>
  typeof manager.trackId === 'function' && typeof manager.handleStanza !== 'function'

/** An instance of xmpp-ftw's `Base`. */
export interface BaseInstance {
  manager: ManagerLike | false | undefined
  socket: SocketLike | false | undefined
  client: ClientLike | false | undefined
  init(manager: ManagerLike, ignoreEvents?: boolean): void
  registerEvents(): void
  unregisterEvents(): void
  handles(stanza?: unknown): boolean
  handle(stanza?: unknown): boolean
}

/** xmpp-ftw's `Base` class (an ES class in 2.x, a prototype function in 1.18). */
export type BaseConstructor = new () => BaseInstance

const loadBase = (): BaseConstructor => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a peer dependency without types
  const host: unknown = require('xmpp-ftw')
  const base = (host as { Base?: unknown } | undefined)?.Base
  if (typeof base !== 'function') {
    throw new Error('xmpp-ftw-register: the installed xmpp-ftw exports no Base class (need ^1.18.0 || ^2.0.0)')
  }
  return base as BaseConstructor
}

/** The host's `Base`, loaded once. */
export const Base: BaseConstructor = loadBase()
