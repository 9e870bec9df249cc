// The one place the example builds its sign-up options (src/signup): the domain the page
// shows, pinned to the example's own XMPP server over STARTTLS with its certificate verified,
// plus the operator's limits. Used by the in-process server and by every cluster worker, so a
// new limit (for example one shared by the workers through Redis) is added here once.
import type Register = require('../../src')
import { resolveSignupConfig } from '../../src/signup'

/** What the sign-up options are built from. */
export interface SignupSource {
  /** The XMPP domain signed up for. */
  domain: string
  /** The XMPP server every sign-up goes to. */
  xmppHost: string
  xmppPort: number
  /** The CA (PEM) that signed the XMPP server's certificate (default: the system's CAs). */
  ca?: string | Buffer
  /** Limits of the sign-up (idle timeout, streams, stanza size, reply timeout): see the README. */
  signup?: Omit<Register.SignupOptions, 'domains'>
}

/**
 * The example's sign-up options, checked now (a bad option throws here, not at the first
 * browser): `source.signup`'s limits and the one domain, over STARTTLS required.
 */
export const exampleSignupOptions = (source: SignupSource): Register.SignupOptions => {
  const { domain, xmppHost, xmppPort, ca } = source
  const options: Register.SignupOptions = {
    ...source.signup,
    domains: { [domain]: { host: xmppHost, port: xmppPort, tls: 'required', ...(ca === undefined ? {} : { ca }) } }
  }
  resolveSignupConfig(options)
  return options
}
