/**
 * A plugin request waiting for its reply (plugin/register.ts): the tracker's entry carries
 * what finishing the request takes, and one `done` function serves every entry, so that a
 * request makes no closure of its own.
 */
import type { Reply } from '../core/reply'
import type * as T from '../core/types'
import type { ClientLike } from '../transport/host'
import type { Tracked } from '../transport/tracker'
import type { Operation } from './operations'

/** The tracker's entry of a request, and what finishing it takes. */
export interface Waiting<C extends { to: string }, R> extends Tracked {
  /** The plugin instance that sent it (its `finish` settles it). */
  register: object
  op: Operation<C, R>
  command: C
  /** Whether it went to the session's own server or account. */
  home: boolean
  /** The request's callback, called once. */
  reply: (error: T.RegisterError | null, data?: R) => void
  client: ClientLike
}

/** Calls `reply` with a parsed reply: its error, or null and its data. */
export const settleWith = <R>(reply: (error: T.RegisterError | null, data?: R) => void, parsed: Reply<R>): void => {
  if ('error' in parsed) reply(parsed.error)
  else reply(null, parsed.data)
}
