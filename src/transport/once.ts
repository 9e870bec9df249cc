/**
 * Callbacks of the socket events (XEP-0077 plugin and its sign-up before login): each is
 * called at most once, and a throw inside it is logged, never passed on to the caller (the
 * XMPP parser or a stream event).
 */
import { log } from '../core/log'

/** Wraps `callback` so that it runs at most once and never throws. */
export const once = <E, R>(callback: (error: E | null, data?: R) => void): ((error: E | null, data?: R) => void) => {
  let called = false
  return (error, data) => {
    if (called) return
    called = true
    try {
      if (error === null) callback(null, data)
      else callback(error)
    } catch (e) {
      log('callback threw: %s', e instanceof Error ? e.message : String(e))
    }
  }
}
