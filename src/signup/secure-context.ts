/**
 * One TLS `SecureContext` per configured sign-up server: the operator's CA parsed once and
 * reused by every STARTTLS to that server, instead of `tls.connect({ ca })` building a new
 * context (parsing the PEM again) for each connection. The context is made on first use and
 * remade when the server's `ca` changes; a new configuration has new server entries, so it
 * gets new contexts. Verification is unchanged: `tls.connect` still checks the chain against
 * these CAs (or the system's) and the name against the domain.
 */
import { createSecureContext, type SecureContext } from 'node:tls'

import type { SignupServer } from './config'

/** The oldest TLS version a sign-up stream accepts. */
export const MIN_TLS_VERSION = 'TLSv1.2'

const contexts = new WeakMap<SignupServer, { ca: SignupServer['ca']; context: SecureContext }>()

/**
 * The TLS context for connections to `server`: its `ca` (or, without one, the system's CAs)
 * and {@link MIN_TLS_VERSION}; the same object for every call until `server.ca` changes.
 */
export const secureContextFor = (server: SignupServer): SecureContext => {
  const known = contexts.get(server)
  if (known !== undefined && known.ca === server.ca) return known.context
  const context = createSecureContext(server.ca === undefined ? { minVersion: MIN_TLS_VERSION } : { ca: server.ca, minVersion: MIN_TLS_VERSION })
  contexts.set(server, { ca: server.ca, context })
  return context
}
