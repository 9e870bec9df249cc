/**
 * The timeout queue of the reply tracker (transport/tracker.ts): the requests waiting with
 * one timeout value, linked through the requests themselves in the order they were sent,
 * which is the order they expire in. No Map work and no allocation per request.
 */

/** An entry that can be linked into one {@link TimeoutQueue}. */
export interface Linked<E> {
  prev?: E | undefined
  next?: E | undefined
}

/** Entries of one timeout value, oldest (first to expire) at the head. */
export class TimeoutQueue<E extends Linked<E>> {
  head: E | undefined
  tail: E | undefined
  /** @param ms - the timeout value, in milliseconds, of every entry in the queue. */
  constructor(public ms: number) {}

  /** Adds `entry` as the newest. */
  push(entry: E): void {
    entry.prev = this.tail
    entry.next = undefined
    if (this.tail === undefined) this.head = entry
    else this.tail.next = entry
    this.tail = entry
  }

  /** Unlinks `entry`, which must be in this queue. */
  remove(entry: E): void {
    const { prev, next } = entry
    if (prev === undefined) this.head = next
    else prev.next = next
    if (next === undefined) this.tail = prev
    else next.prev = prev
    entry.prev = entry.next = undefined
  }
}
