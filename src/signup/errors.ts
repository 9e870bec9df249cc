/**
 * Errors of the sign-up before login (XEP-0077 on an unauthenticated stream, XEP-0445
 * tokens, XEP-0401 invites), as JSON values for the callback.
 */
import type { ConnectionError, TimeoutError } from '../core/types'
import type { LimitError, NoRegistrationError, TlsFailureError } from './types'

/** TLS refused, not offered where required, or the certificate not valid. */
export const tlsFailure = (description: string): TlsFailureError => ({ type: 'cancel', condition: 'tls-failure', description })

/** The server advertises no in-band registration before login. */
export const noRegistration = (domain: string): NoRegistrationError => ({
  type: 'cancel',
  condition: 'feature-not-implemented',
  description: `${domain} does not offer in-band registration`
})

/** The server advertises no token registration (XEP-0445 §3), so no token is sent to it. */
export const noTokens = (domain: string): NoRegistrationError => ({
  type: 'cancel',
  condition: 'feature-not-implemented',
  description: `${domain} does not accept invite tokens (XEP-0445)`
})

/** A gateway limit was reached. */
export const limitReached = (description: string): LimitError => ({ type: 'wait', condition: 'resource-constraint', description })

/** The sign-up stream is gone (closed, or never opened). */
export const disconnected = (description: string): ConnectionError => ({ type: 'connection', condition: 'disconnected', description })

/** No answer in time. */
export const timedOut = (description: string): TimeoutError => ({ type: 'wait', condition: 'timeout', description })

/** What a request waiting for a stream that was closed while it opened gets. */
export const CLOSED_BEFORE_READY = 'The sign-up stream was closed before it was ready'
