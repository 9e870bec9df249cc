/**
 * A stream error after logout must not end the process. After XEP-0077 §3.2 account removal
 * (and whenever else a server closes the stream with an error) node-xmpp-client emits
 * `'error'` on its client; when xmpp-ftw's `logout()` has already called
 * `client.removeAllListeners()`, nobody listens and Node throws it as an uncaught exception.
 *
 * The guard is no ordinary listener, as those are removed too: the client's own
 * `removeAllListeners` is wrapped so that whenever a call leaves no `'error'` listener, one
 * that logs the error is put back. Until then nothing changes; errors reach xmpp-ftw (and the
 * browser) as before. Only the client holds the wrapper and the listener, so nothing outlives
 * it; the set of guarded clients is weak.
 */
import { log } from '../core/log'

/** The part of node-xmpp-client's `Client` (an EventEmitter) the guard uses. */
interface Emitter {
  on(event: 'error', listener: (error: unknown) => void): unknown
  removeAllListeners(...event: unknown[]): unknown
  listenerCount(event: 'error'): number
}

/** Longest error text the log line keeps. */
const MAX_LOGGED = 200

const guarded = new WeakSet<object>()

/** The defined condition of a `<stream:error/>` element, if `value` is one. */
const conditionOf = (value: unknown): string | undefined => {
  const children = (value as { children?: unknown } | null)?.children
  if (!Array.isArray(children)) return undefined
  const first = children.find((c): c is { name: string } =>
    typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string' && (c as { name: string }).name !== 'text')
  return first?.name
}

/** The message of an `Error`, the `<text/>` of a `<stream:error/>` element, or the value as text. */
const textOf = (error: unknown): string => {
  if (error instanceof Error) return error.message
  const element = error as { getChildText?: (name: string) => unknown } | null
  if (conditionOf(error) !== undefined && typeof element?.getChildText === 'function') {
    const text = element.getChildText('text')
    return typeof text === 'string' ? text : ''
  }
  try {
    return String(error)
  } catch {
    return Object.prototype.toString.call(error)
  }
}

/**
 * One line about an error nobody else handles: node-xmpp-core's stream error is an `Error`
 * whose message is the server's text and whose `stanza` is the `<stream:error/>`.
 */
export const describeStreamError = (error: unknown): string => {
  const stanza = (error as { stanza?: unknown } | null)?.stanza
  const condition = conditionOf(stanza) ?? conditionOf(error)
  const text = textOf(error).replace(/\p{Cc}+/gu, ' ').trim()
  const line = condition === undefined ? text : `${condition}${text === '' ? '' : ` (${text})`}`
  return line.length > MAX_LOGGED ? `${line.slice(0, MAX_LOGGED)}…` : line
}

/** The `'error'` listener of a client nobody else listens to any more; it never throws. */
const logUnhandled = (error: unknown): void => {
  if (!log.enabled) return
  try {
    log('stream error with no listener left (after logout): %s', describeStreamError(error))
  } catch {
    // Nothing an error value does may escape from here: that would be the crash again.
  }
}

/**
 * Makes `client` (node-xmpp-client's `Client`) log, rather than throw, an `'error'` emitted
 * after every listener was removed. Idempotent; anything that is not an EventEmitter is left
 * alone.
 */
export const guardStreamErrors = (client: unknown): void => {
  if (typeof client !== 'object' || client === null || guarded.has(client)) return
  const emitter = client as Partial<Emitter>
  const removeAll = emitter.removeAllListeners
  if (typeof removeAll !== 'function' || typeof emitter.on !== 'function' || typeof emitter.listenerCount !== 'function') return
  const target = client as Emitter
  try {
    Object.defineProperty(client, 'removeAllListeners', {
      configurable: true,
      writable: true,
      value: (...event: unknown[]): unknown => {
        const result = removeAll.apply(target, event)
        if (target.listenerCount('error') === 0) target.on('error', logUnhandled)
        return result
      }
    })
    guarded.add(client)
  } catch (e) {
    log('cannot guard the client against stream errors: %s', e instanceof Error ? e.message : String(e))
  }
}
