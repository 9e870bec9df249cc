/**
 * Reply tracking for XEP-0077 IQs, per XMPP client: matches `<iq type='result|error'/>`
 * replies by id and sender, times out, and settles what is pending when the stream goes
 * offline or when its listeners are removed from the client (xmpp-ftw's logout, also run by
 * a new login, calls `client.removeAllListeners()`: no reply can arrive after that). Its
 * stanza handler never throws into node-xmpp-client's parser. Each client gets its tracker
 * from transport/trackers.ts.
 *
 * Timeouts use one timer per client, not one per request: requests with the same timeout
 * expire in the order they were sent, so each timeout value in use keeps a queue (a list
 * linked through its requests: no Map work per request) and the timer waits for the earliest
 * head. The queue of the value in use (most clients use one) is kept aside, taken over by
 * another value once empty; the queues of other values are in a Map while they have requests
 * (dropped once empty: a session may use many values over time). Deadlines
 * are read on the monotonic clock (`performance.now()`), so a step of the wall clock neither
 * delays nor hastens a timeout. When nothing is pending the timer fires once more at most,
 * then none is left.
 */
import { normalizeJid } from './jid'
import { log } from '../core/log'
import type { XmlElement } from '../core/types'
import { TimeoutQueue, type Linked } from './timeout-queue'
import { attr } from './xml'

/** How a tracked request ended. */
export type Outcome =
  | { kind: 'reply'; stanza: XmlElement }
  | { kind: 'timeout' }
  | { kind: 'offline' }
  /** The tracker's listeners were removed from the client (logout, new login). */
  | { kind: 'detached' }

/** What to track. */
export interface Tracked {
  id: string
  /** The addressee, normalised: a reply must come from it… */
  from: string
  /** …or from one of these (the account's own JIDs, for its home server)… */
  alsoFrom: ReadonlySet<string> | undefined
  /** …or, when true, without a `from` (RFC 6120 §8.1.2.1: the user's own server). */
  acceptsNoFrom: boolean
  timeoutMs: number
  /** When it times out, in `performance.now()` milliseconds (set by {@link IqTracker.track}). */
  deadline: number
  done(outcome: Outcome): void
}

/** A pending request in its timeout queue. */
type Entry = Tracked & Linked<Entry>
/** The pending requests of one timeout value, in the order they expire (oldest first). */
type Queue = TimeoutQueue<Entry>

/** Whether a reply from `from` answers `tracked`. */
const accepts = (tracked: Tracked, from: string | undefined): boolean => {
  if (from === undefined) return tracked.acceptsNoFrom
  if (from === tracked.from) return true
  const sender = normalizeJid(from)
  return sender === tracked.from || (tracked.alsoFrom !== undefined && tracked.alsoFrom.has(sender))
}

/** Milliseconds on the monotonic clock (the global is read each time: test clocks replace it). */
const now = (): number => performance.now()
/** The longest delay setTimeout takes; a longer one fires after 1 ms. */
const MAX_DELAY = 2147483647

const TIMEOUT: Outcome = { kind: 'timeout' }
const OFFLINE: Outcome = { kind: 'offline' }
const DETACHED: Outcome = { kind: 'detached' }

const isReply = (stanza: unknown): stanza is XmlElement => {
  if (typeof stanza !== 'object' || stanza === null) return false
  const el = stanza as XmlElement
  if (el.name !== 'iq' || typeof el.attrs !== 'object' || el.attrs === null || !Array.isArray(el.children)) return false
  const type = el.attrs.type
  return type === 'result' || type === 'error'
}

/** The pending requests of one XMPP client. */
export class IqTracker {
  /** The oldest pending request, sent with nothing else pending (the usual case), kept out of
   * the map (V8 shrinks a Map emptied by each reply on every delete): older than the map's. */
  private solo: Entry | undefined
  /** The other pending requests by id, in the order they were sent. */
  private readonly pending = new Map<string, Entry>()
  /** The queue of the timeout value in use; when empty, the next value to come takes it over. */
  private readonly main = new TimeoutQueue<Entry>(0)
  /** The queues of other timeout values with requests pending. */
  private readonly queues = new Map<number, Queue>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private timerAt = Infinity
  /** The stanza {@link onStanza} last claimed, until the host's dispatch {@link take}s it or the next stanza comes. */
  private claimed: unknown = undefined

  /** Number of requests waiting for a reply. */
  get size(): number {
    return this.pending.size + (this.solo === undefined ? 0 : 1)
  }

  /** The pending request `id`. */
  private lookup(id: string): Entry | undefined {
    const solo = this.solo
    if (solo !== undefined && solo.id === id) return solo
    return this.pending.size === 0 ? undefined : this.pending.get(id)
  }

  /** Starts waiting for the reply to `tracked.id`. */
  track(entry: Tracked): void {
    this.forget(entry.id)
    entry.deadline = now() + entry.timeoutMs
    if (this.solo === undefined && this.pending.size === 0) this.solo = entry
    else this.pending.set(entry.id, entry)
    this.queueOf(entry.timeoutMs).push(entry)
    if (entry.deadline < this.timerAt) this.schedule(entry.deadline)
  }

  /** The queue for `ms`: the main one when it has that value or is empty, else one in the map. */
  private queueOf(ms: number): Queue {
    const main = this.main
    if (main.ms === ms) return main
    if (main.head === undefined && !this.queues.has(ms)) {
      main.ms = ms
      return main
    }
    let queue = this.queues.get(ms)
    if (queue === undefined) {
      queue = new TimeoutQueue<Entry>(ms)
      this.queues.set(ms, queue)
    }
    return queue
  }

  /** Stops waiting for `id` without settling it. */
  forget(id: string): void {
    const entry = this.lookup(id)
    if (entry !== undefined) this.remove(entry)
  }

  /** Stops waiting for the pending `entry`. */
  private remove(entry: Entry): void {
    if (this.solo === entry) this.solo = undefined
    else this.pending.delete(entry.id)
    const main = this.main
    if (main.ms === entry.timeoutMs) {
      main.remove(entry)
      return
    }
    const queue = this.queues.get(entry.timeoutMs)
    if (queue !== undefined) {
      queue.remove(entry)
      // Timeouts may be many distinct values over a session: keep queues for those in use only.
      if (queue.head === undefined) this.queues.delete(entry.timeoutMs)
    }
    // The timer is left to run out (unref'd) rather than cleared and set again for the
    // next request: with nothing pending when it fires, it ends without a successor.
  }

  /** Whether `stanza` is a result or error with the id of a pending request, or the one {@link onStanza} just claimed. */
  awaits(stanza: unknown): boolean {
    if (this.claimed !== undefined && stanza === this.claimed) return true
    if (!isReply(stanza)) return false
    const id = stanza.attrs.id
    return typeof id === 'string' && this.lookup(id) !== undefined
  }

  /**
   * Settles the request `stanza` answers, when it is a result or error with a pending id
   * from an accepted sender. True when the id was pending (answered or ignored as spoofed).
   */
  claim(stanza: unknown): boolean {
    try {
      if (!isReply(stanza)) return false
      const id = attr(stanza, 'id')
      const entry = id === undefined ? undefined : this.lookup(id)
      if (id === undefined || entry === undefined) return false
      const from = attr(stanza, 'from')
      if (accepts(entry, from)) this.finish(entry, { kind: 'reply', stanza })
      else log('ignoring reply %s from %s: not the addressee', id, from)
      return true
    } catch (e) {
      log('reply handler failed: %s', e instanceof Error ? e.message : String(e))
      return false
    }
  }

  /**
   * Settles `id` with a reply its manager matched to the request (xmpp-ftw's `trackId`
   * convention: the manager checked id and sender). Ignored when `id` is no longer pending
   * (answered, timed out, disconnected) or `stanza` is no IQ result or error.
   */
  deliver(id: string, stanza: unknown): void {
    if (this.lookup(id) === undefined) return
    if (isReply(stanza)) this.settle(id, { kind: 'reply', stanza })
    else log('ignoring what the manager delivered for %s: not an IQ result or error', id)
  }

  /**
   * {@link claim}, for the host's dispatch after the client's own event: the stanza the
   * tracker claimed there is taken (true) once.
   */
  take(stanza: unknown): boolean {
    if (this.claimed !== undefined && stanza === this.claimed) {
      this.claimed = undefined
      return true
    }
    return this.claim(stanza)
  }

  /** Handles a stanza from the client (the first listener: see {@link subscribe}). */
  readonly onStanza = (stanza: unknown): void => {
    this.claimed = this.claim(stanza) ? stanza : undefined
  }

  /** Settles every pending request: the stream is gone. */
  readonly onOffline = (): void => {
    this.settleAll(OFFLINE)
  }

  /** Settles every pending request: no reply can reach the tracker any more. */
  detached(): void {
    this.settleAll(DETACHED)
  }

  private settleAll(outcome: Outcome): void {
    const ids = [...this.pending.keys()]
    if (this.solo !== undefined) ids.unshift(this.solo.id)
    for (const id of ids) this.settle(id, outcome)
    if (this.size === 0) this.unschedule()
  }

  private settle(id: string, outcome: Outcome): void {
    const entry = this.lookup(id)
    if (entry !== undefined) this.finish(entry, outcome)
  }

  /** Settles the pending `entry` (found already: no second lookup). */
  private finish(entry: Entry, outcome: Outcome): void {
    this.remove(entry)
    try {
      entry.done(outcome)
    } catch (e) {
      log('request %s: completion failed: %s', entry.id, e instanceof Error ? e.message : String(e))
    }
  }

  private schedule(at: number): void {
    this.unschedule()
    this.timerAt = at
    // At most the longest timeout (2^31 - 1 ms): no TimeoutOverflowWarning, no re-arm loop.
    this.timer = setTimeout(this.expire, Math.min(MAX_DELAY, Math.max(0, Math.ceil(at - now()))))
    this.timer.unref()
  }

  private unschedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.timerAt = Infinity
  }

  private readonly expire = (): void => {
    this.timer = undefined
    this.timerAt = Infinity
    const at = now()
    const expired: string[] = []
    for (const queue of [this.main, ...this.queues.values()]) {
      for (let entry = queue.head; entry !== undefined && entry.deadline <= at; entry = entry.next) expired.push(entry.id)
    }
    for (const id of expired) this.settle(id, TIMEOUT)
    // Settling may have sent new requests (arming the timer for their later deadlines) or
    // answered others: the timer must wait for the earliest deadline still pending.
    let next = Infinity
    for (const queue of [this.main, ...this.queues.values()]) {
      const head = queue.head
      if (head !== undefined && head.deadline < next) next = head.deadline
    }
    if (next < this.timerAt) this.schedule(next)
  }
}
