/**
 * The server's identity in its certificate, checked after a sign-up stream's TLS handshake with
 * the results of Node's `tls.checkServerIdentity` (RFC 6125: DNS names of the subjectAltName,
 * a wildcard only as the whole leftmost label, the subject's CN only when there is no DNS name;
 * for an IP address, the IP addresses of the subjectAltName), without what that check costs.
 *
 * `tls.connect` first builds the peer's whole chain as JavaScript objects for its identity check
 * (`getPeerCertificate(true)`: each certificate's subject, issuer, names, public key, three
 * fingerprints and DER, its issuer linked in; OpenSSL 3 decodes each key again on the way), then
 * reads two strings of the first one. That was about 0.5 ms of CPU a handshake, the largest part
 * of a sign-up's gateway CPU. Here the chain is not built: OpenSSL's own `X509_check_host` /
 * `X509_check_ip` (`X509Certificate.checkHost` / `checkIP`) looks the name up in the peer's
 * certificate, with flags that accept no more than Node's check does (full-label wildcards
 * only, one label deep; the CN only without DNS names; a plain letters-digits-hyphens name or
 * an IP address). Whenever it does not find the name, Node's check decides on the whole chain
 * as before, so a refusal is Node's error, word for word, and a name only Node accepts (a
 * partial wildcard such as `x*.example.org`) is still accepted. The chain itself is verified by
 * OpenSSL against the configured CAs as before: Node refuses a chain that does not verify before
 * it asks for the identity.
 */
import type { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import { checkServerIdentity, type PeerCertificate, TLSSocket } from 'node:tls'

/** `X509Certificate.checkHost` flags that accept a subset of what `tls.checkServerIdentity` accepts. */
const STRICT = { subject: 'default', wildcards: true, partialWildcards: false, multiLabelWildcards: false, singleLabelSubdomains: false } as const

/**
 * Names OpenSSL and Node read alike: labels of letters, digits and hyphens, none empty (no
 * leading dot, which OpenSSL takes as "any subdomain of", no trailing dot, nothing Node lowers
 * or refuses differently). Anything else goes to Node's check.
 */
const PLAIN_NAME = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/

/** Whether OpenSSL finds `host` in `cert` with the strict flags (false: Node's check decides). */
export const namedIn = (cert: X509Certificate, host: string): boolean => {
  if (isIP(host) !== 0) return cert.checkIP(host) !== undefined
  return PLAIN_NAME.test(host) && cert.checkHost(host, STRICT) !== undefined
}

/**
 * Node's `tls.checkServerIdentity` for `host` and the peer's certificate `cert` (undefined:
 * none): undefined when OpenSSL finds the name, else Node's check of the certificate (its
 * subject and subjectAltName: the only fields it reads) with Node's error when it refuses.
 */
export const identityError = (host: string, cert: X509Certificate | undefined): Error | undefined =>
  cert !== undefined && namedIn(cert, host) ? undefined : checkServerIdentity(host, cert === undefined ? {} as PeerCertificate : cert.toLegacyObject())

/** What `tls.connect`'s identity check gets instead of the chain; never read (see {@link checkPeerIdentity}). */
const NO_CHAIN = Object.freeze({}) as PeerCertificate

/** Node's own `getPeerCertificate` again, for whoever asks after the handshake. */
function restore(this: TLSSocket): void {
  Reflect.deleteProperty(this, 'getPeerCertificate')
}

/** Stands in for `getPeerCertificate` once, in `tls.connect`'s identity check. */
function noChain(this: TLSSocket): PeerCertificate {
  restore.call(this)
  return NO_CHAIN
}

/**
 * For a socket just made by `tls.connect` with `checkServerIdentity: (host) =>
 * checkPeerIdentity(socket, host)`: its identity check gets no chain built for it. Node calls
 * `socket.getPeerCertificate(true)` once, right before `checkServerIdentity`, when the chain
 * verified; that call is answered with an empty object, and Node's own method is back from then
 * on (also when the chain did not verify and the check never ran). Should Node stop asking this
 * way, nothing changes but the cost: {@link checkPeerIdentity} reads the certificate itself.
 */
export const skipPeerChain = (socket: TLSSocket): void => {
  socket.getPeerCertificate = noChain as TLSSocket['getPeerCertificate']
  // After tls.connect's own 'secure' listener (its identity check), whatever it decided.
  socket.once('secure', restore)
}

/**
 * `checkServerIdentity` of `tls.connect`: {@link identityError} for the socket's peer. Node's
 * `getPeerX509Certificate()` on a client socket takes the certificate out of OpenSSL's list of
 * the peer's certificates (Node's X509Certificate::GetPeerCert), after which
 * `getPeerCertificate()` of this socket gives `{}`: it is asked once, here, and nothing else
 * reads the peer of a sign-up stream's socket (private to the stream).
 */
export const checkPeerIdentity = (socket: TLSSocket, host: string): Error | undefined => {
  restore.call(socket)
  return identityError(host, socket.getPeerX509Certificate())
}
