/**
 * TLS `SecureContext`s of the sign-up streams, one per distinct CA list: the operator's CA is
 * parsed once and the context reused by every STARTTLS that verifies with it, instead of
 * `tls.connect({ ca })` building a new context (parsing the PEM again) for each connection.
 * Each configured server is attached per socket (xmpp-ftw makes one instance per browser
 * socket, and `attachSignup` resolves the options for each), so contexts are shared by
 * content: the same certificates give the same context, whatever configuration names them,
 * and a server whose `ca` changes gets the context of its new CAs. A context holds only what
 * it was made from (CAs, oldest TLS version); verification is unchanged: `tls.connect` still
 * checks the chain against these CAs (or the system's), and the name is checked against the
 * domain (./identity).
 */
import { createSecureContext, type SecureContext } from 'node:tls'

import type { SignupServer } from './config'

/** The oldest TLS version a sign-up stream accepts. */
export const MIN_TLS_VERSION = 'TLSv1.2'

/** Most distinct CA lists whose contexts are kept (emptied when full: operators configure a few). */
const MAX_CONTEXTS = 32

/** Contexts by the text of their CAs ('' for the system's). */
const byCa = new Map<string, SecureContext>()
/** Each server entry's last context, with the `ca` it was made for. */
const byServer = new WeakMap<SignupServer, { ca: SignupServer['ca']; context: SecureContext }>()

const pemText = (pem: string | Buffer): string => (typeof pem === 'string' ? pem : pem.toString('latin1'))

/** The CAs as one text (a NUL between two, as no PEM holds one); '' for none. */
const keyOf = (ca: SignupServer['ca']): string =>
  ca === undefined ? '' : Array.isArray(ca) ? `\0${ca.map(pemText).join('\0')}` : `\0${pemText(ca as string | Buffer)}`

/**
 * The TLS context for connections to `server`: its `ca` (or, without one, the system's CAs)
 * and {@link MIN_TLS_VERSION}; the same object for every server with the same CAs, a new one
 * once `server.ca` names others.
 */
export const secureContextFor = (server: SignupServer): SecureContext => {
  const known = byServer.get(server)
  if (known !== undefined && known.ca === server.ca) return known.context
  const key = keyOf(server.ca)
  let context = byCa.get(key)
  if (context === undefined) {
    context = createSecureContext(server.ca === undefined ? { minVersion: MIN_TLS_VERSION } : { ca: server.ca, minVersion: MIN_TLS_VERSION })
    if (byCa.size >= MAX_CONTEXTS) byCa.clear()
    byCa.set(key, context)
  }
  byServer.set(server, { ca: server.ca, context })
  return context
}
