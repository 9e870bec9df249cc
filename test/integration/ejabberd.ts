// The project's ejabberd for integration tests (the second of ./servers' SERVERS, plaintext
// on loopback) and its opt-in variants on the next ports: STARTTLS required (EJABBERD_TLS=1),
// a certificate for `localhost` from a private CA; then the same with CAPTCHA-protected
// registration (EJABBERD_CAPTCHA=1). Each is started unless it is running, and
// then stopped only if started here.
import { SERVERS, ServerInstance, type TestServer } from './servers'

/** Where the test ejabberd listens (no TLS), and its domains. */
export const EJABBERD: TestServer = SERVERS[1]!

/** ejabberd with STARTTLS required. */
export const TLS_EJABBERD = new ServerInstance('ejabberd', EJABBERD.port + 1, { EJABBERD_TLS: '1' })

/** ejabberd with STARTTLS required and CAPTCHA-protected registration (XEP-0158), its texts and images recorded. */
export const CAPTCHA_EJABBERD = new ServerInstance('ejabberd', EJABBERD.port + 2, { EJABBERD_TLS: '1', EJABBERD_CAPTCHA: '1' })
