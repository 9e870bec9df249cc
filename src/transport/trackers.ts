/**
 * The reply tracker of each XMPP client (transport/tracker.ts), made on first use and
 * subscribed to the client's events: its stanzas (heard first), its going offline, and the
 * removal of its listeners (xmpp-ftw's logout), which ends it.
 */
import type { ClientLike } from './host'
import { log } from '../core/log'
import { IqTracker } from './tracker'

const trackers = new WeakMap<object, IqTracker>()

/**
 * Subscribes `tracker` to `client`: its stanzas, its going offline, and the removal of the
 * stanza listener, which ends the tracker.
 *
 * The stanza listener goes first: a reply is settled before xmpp-ftw's own dispatch (which
 * writes every stanza out as text for its log, then asks each plugin in turn: one listed
 * before this one that throws would lose the reply); xmpp-ftw then asks this plugin's
 * `handles()`, which claims the same stanza ({@link IqTracker.take}), and stops there.
 *
 * The removal is checked once any stanza listener is removed and the removal is over (a
 * microtask later): Node does not report removing an event's last listener from an emitter
 * in its "shape mode" (node-xmpp-client's client is one), and `removeAllListeners` removes
 * the first listener, the tracker's, last. xmpp-ftw's own `offline` handler logs out (removing
 * every listener) before the tracker's runs in the same emit: waiting for the microtask also
 * lets the stream's end settle first (an account removal it answers is a success) and the
 * browser see xmpp-ftw's events in their usual order.
 */
const subscribe = (client: ClientLike, tracker: IqTracker): void => {
  if (typeof client.on !== 'function') return
  if (typeof client.prependListener === 'function') client.prependListener('stanza', tracker.onStanza)
  else client.on('stanza', tracker.onStanza)
  client.on('offline', tracker.onOffline)
  if (typeof client.removeListener !== 'function') return
  const listening = (): boolean => typeof client.listeners === 'function' && client.listeners('stanza').includes(tracker.onStanza)
  let checking = false
  const onRemoved = (event: unknown, listener?: unknown): void => {
    if (event !== 'stanza' || checking) return
    if (listener !== tracker.onStanza && typeof client.listeners !== 'function') return
    checking = true
    queueMicrotask(() => {
      checking = false
      if (listening()) return
      if (trackers.get(client) === tracker) trackers.delete(client)
      client.removeListener?.('offline', tracker.onOffline)
      client.removeListener?.('removeListener', onRemoved)
      log('client listeners removed (logout): %d request(s) pending', tracker.size)
      tracker.detached()
    })
  }
  client.on('removeListener', onRemoved)
}

/** The tracker of `client`, created (and subscribed to its events) on first use. */
export const trackerFor = (client: ClientLike): IqTracker => {
  let tracker = trackers.get(client)
  if (tracker === undefined) {
    tracker = new IqTracker()
    trackers.set(client, tracker)
    subscribe(client, tracker)
  }
  return tracker
}
