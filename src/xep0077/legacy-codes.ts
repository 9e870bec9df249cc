/**
 * XEP-0086 §3 (Legacy Errors): legacy numeric error codes mapped to a stanza error
 * condition and type, for replies that carry a code but no condition element.
 */

/** Condition and type for each legacy code of the XEP-0086 §3 table. */
export const LEGACY_ERROR_CODES: Readonly<Record<string, { condition: string; type: string }>> = {
  302: { condition: 'redirect', type: 'modify' },
  400: { condition: 'bad-request', type: 'modify' },
  401: { condition: 'not-authorized', type: 'auth' },
  402: { condition: 'payment-required', type: 'auth' },
  403: { condition: 'forbidden', type: 'auth' },
  404: { condition: 'item-not-found', type: 'cancel' },
  405: { condition: 'not-allowed', type: 'cancel' },
  406: { condition: 'not-acceptable', type: 'modify' },
  407: { condition: 'registration-required', type: 'auth' },
  408: { condition: 'remote-server-timeout', type: 'wait' },
  409: { condition: 'conflict', type: 'cancel' },
  500: { condition: 'internal-server-error', type: 'wait' },
  501: { condition: 'feature-not-implemented', type: 'cancel' },
  502: { condition: 'service-unavailable', type: 'wait' },
  503: { condition: 'service-unavailable', type: 'cancel' },
  504: { condition: 'remote-server-timeout', type: 'wait' },
  510: { condition: 'service-unavailable', type: 'cancel' }
}
