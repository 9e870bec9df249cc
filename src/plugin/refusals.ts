/**
 * The plugin's refusals that reach the page without a request going out: a client error
 * sent to the socket as `xmpp.error.client` when there is no callback to give it to, and the
 * refusal of every request to an instance shared by two connections (see `Register.init`).
 */
import { log } from '../core/log'
import type * as T from '../core/types'
import type { SocketLike } from '../transport/host'
import { once } from '../transport/once'
import { clientError } from '../xep0077/client-error'

/** The client error of a request to a shared instance. */
export const SHARED = 'This Register instance already serves another xmpp-ftw connection: give each connection its own new Register()'

/** The process warning, once per instance, when a second connection is given to it. */
export const SHARED_WARNING = 'xmpp-ftw-register: one Register instance was given to a second xmpp-ftw connection; it now refuses every request. Give each connection its own new Register()'

/** Sends `error` to the page as `xmpp.error.client` (logged when there is no socket); never throws. */
export const reportClientError = (error: T.ClientError, socket: SocketLike | undefined): void => {
  try {
    if (socket && typeof socket.send === 'function') socket.send('xmpp.error.client', error)
    else log('client error with no socket to report it to: %s', error.description)
  } catch (e) {
    log('reporting a client error failed: %s', e instanceof Error ? e.message : String(e))
  }
}

/** Answers a request to a shared instance: through its callback, else on `socket`. */
export const refuseShared = (data: unknown, callback: unknown, socket: SocketLike | undefined): void => {
  const error = clientError(SHARED, data)
  if (typeof callback === 'function') once<T.RegisterError, never>(callback as T.Callback<never>)(error)
  else reportClientError(error, socket)
}
