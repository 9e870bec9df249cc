/**
 * Reply tracking for XEP-0077 IQs, per XMPP client: matches `<iq type='result|error'/>`
 * replies by id and sender, times out, and settles what is pending when the stream goes
 * offline. Its stanza handler never throws into node-xmpp-client's parser.
 */
import type { ClientLike } from './host'
import { log } from './log'
import type { XmlElement } from './types'
import { attr } from './xml'

/** How a tracked request ended. */
export type Outcome =
  | { kind: 'reply'; stanza: XmlElement }
  | { kind: 'timeout' }
  | { kind: 'offline' }

/** What to track. */
export interface Tracked {
  id: string
  /** Whether a reply from this sender (undefined: no `from`) answers the request. */
  accepts(from: string | undefined): boolean
  timeoutMs: number
  done(outcome: Outcome): void
}

interface Entry {
  tracked: Tracked
  timer: ReturnType<typeof setTimeout>
}

const isReply = (stanza: unknown): stanza is XmlElement => {
  if (typeof stanza !== 'object' || stanza === null) return false
  const el = stanza as XmlElement
  if (el.name !== 'iq' || typeof el.attrs !== 'object' || el.attrs === null || !Array.isArray(el.children)) return false
  const type = attr(el, 'type')
  return type === 'result' || type === 'error'
}

/** The pending requests of one XMPP client. */
export class IqTracker {
  private readonly pending = new Map<string, Entry>()

  /** Number of requests waiting for a reply. */
  get size(): number {
    return this.pending.size
  }

  /** Starts waiting for the reply to `tracked.id`. */
  track(tracked: Tracked): void {
    const timer = setTimeout(() => this.settle(tracked.id, { kind: 'timeout' }), tracked.timeoutMs)
    timer.unref()
    this.pending.set(tracked.id, { tracked, timer })
  }

  /** Stops waiting for `id` without settling it. */
  forget(id: string): void {
    const entry = this.pending.get(id)
    if (entry === undefined) return
    clearTimeout(entry.timer)
    this.pending.delete(id)
  }

  /** Handles a stanza from the client. */
  readonly onStanza = (stanza: unknown): void => {
    try {
      if (!isReply(stanza)) return
      const id = attr(stanza, 'id')
      const entry = id === undefined ? undefined : this.pending.get(id)
      if (id === undefined || entry === undefined) return
      const from = attr(stanza, 'from')
      if (!entry.tracked.accepts(from)) {
        log('ignoring reply %s from %s: not the addressee', id, from)
        return
      }
      this.settle(id, { kind: 'reply', stanza })
    } catch (e) {
      log('reply handler failed: %s', e instanceof Error ? e.message : String(e))
    }
  }

  /** Settles every pending request: the stream is gone. */
  readonly onOffline = (): void => {
    for (const id of [...this.pending.keys()]) this.settle(id, { kind: 'offline' })
  }

  private settle(id: string, outcome: Outcome): void {
    const entry = this.pending.get(id)
    if (entry === undefined) return
    this.forget(id)
    try {
      entry.tracked.done(outcome)
    } catch (e) {
      log('request %s: completion failed: %s', id, e instanceof Error ? e.message : String(e))
    }
  }
}

const trackers = new WeakMap<object, IqTracker>()

/** The tracker of `client`, created (and subscribed to its events) on first use. */
export const trackerFor = (client: ClientLike): IqTracker => {
  let tracker = trackers.get(client)
  if (tracker === undefined) {
    tracker = new IqTracker()
    trackers.set(client, tracker)
    if (typeof client.on === 'function') {
      client.on('stanza', tracker.onStanza)
      client.on('offline', tracker.onOffline)
    }
  }
  return tracker
}
