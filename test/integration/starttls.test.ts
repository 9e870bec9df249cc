// xmpp-ftw's own login (node-xmpp-client 3 on node-xmpp-core 5 and the test-only
// reconnect-core) against a Prosody that requires STARTTLS: after <proceed/> the plain socket
// is swapped for a TLS one. The certificate is for `localhost` only, signed by a private CA:
// it verifies when the login connects to `localhost` with that CA, and not by 127.0.0.1 or
// with another CA. xmpp-ftw hands the `xmpp.login` object to node-xmpp-client as its
// options: `rejectUnauthorized: true` turns verification on (it is off by default) and
// `credentials: { ca }` names the CA.
import { deepStrictEqual } from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { HOSTS } from '../support/host'
import { Browser, uniqueUser } from './browser'
import { TLS_SERVER, startTlsProsody, stopTlsProsody } from './prosody'

interface Secured { client?: { connection: { isSecure?: boolean; socket: { authorized?: boolean; authorizationError?: string } } } | false }

/** Whether the session's stream runs over TLS, and what certificate verification said. */
const tlsState = (browser: Browser): unknown => {
  const client = (browser.xmpp as Secured).client
  if (!client) throw new Error('not connected')
  const { isSecure, socket } = client.connection
  return { secure: isSecure === true, authorized: socket.authorized, authorizationError: socket.authorizationError }
}

/** Every message the browser was sent by a login that failed (rejects if it succeeded). */
const failedLogin = async (pkg: string, connect: Record<string, unknown>): Promise<unknown> => {
  try {
    const browser = await Browser.login(pkg, uniqueUser('tls-refused'), 'pw-1', { register: true, connect })
    browser.close()
  } catch (e) {
    const { toBrowser } = e as { toBrowser?: unknown }
    if (toBrowser) return toBrowser
    throw e
  }
  throw new Error('the login succeeded')
}

const DISCONNECTED = { event: 'xmpp.error', data: { type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' } }

let ca = ''
let wrongCa = ''
before(function () {
  this.timeout(120000)
  const files = startTlsProsody()
  ca = readFileSync(files.ca, 'utf8')
  wrongCa = readFileSync(files.wrongCa, 'utf8')
})
after(() => stopTlsProsody())

for (const { version, pkg } of HOSTS) {
  describe(`STARTTLS login through xmpp-ftw ${version} (Prosody requires TLS)`, function () {
    this.timeout(20000)
    const verified = (host: string, trusted = ca): Record<string, unknown> =>
      ({ host, port: TLS_SERVER.port, rejectUnauthorized: true, credentials: { ca: trusted } })

    it('signs up and logs in to localhost over STARTTLS with the certificate verified; the session works', async () => {
      const user = uniqueUser('tls')
      const first = await Browser.login(pkg, user, 'pw-1', { register: true, connect: verified('localhost') })
      try {
        deepStrictEqual(tlsState(first), { secure: true, authorized: true, authorizationError: null })
      } finally {
        first.close()
      }
      // The flow a page follows after signing up: xmpp.login with the new account.
      const again = await Browser.login(pkg, user, 'pw-1', { connect: verified('localhost') })
      try {
        deepStrictEqual(tlsState(again), { secure: true, authorized: true, authorizationError: null })
        deepStrictEqual(await again.call('xmpp.register.get', { to: TLS_SERVER.domain }), [null, { registered: true, username: user, password: true }])
      } finally {
        again.close()
      }
    })

    it('by 127.0.0.1 the localhost certificate does not verify: a login error and disconnected, never online', async () => {
      deepStrictEqual(await failedLogin(pkg, verified('127.0.0.1')), [
        // xmpp-ftw's handleError sends JSON.stringify(error): this Error has no own enumerable fields.
        { event: 'xmpp.error', data: { type: 'cancel', condition: 'unknown', description: '{}' } },
        DISCONNECTED
      ])
    })

    it('with a CA that did not sign the certificate: a login error naming the verification failure, never online', async () => {
      deepStrictEqual(await failedLogin(pkg, verified('localhost', wrongCa)), [
        { event: 'xmpp.error', data: { type: 'cancel', condition: 'unknown', description: '{"code":"UNABLE_TO_VERIFY_LEAF_SIGNATURE"}' } },
        DISCONNECTED
      ])
    })

    it('without rejectUnauthorized node-xmpp-client does not verify: online over TLS by 127.0.0.1, verification failed', async () => {
      const browser = await Browser.login(pkg, uniqueUser('tls-unverified'), 'pw-1', { register: true, connect: { host: '127.0.0.1', port: TLS_SERVER.port, credentials: { ca } } })
      try {
        deepStrictEqual(tlsState(browser), { secure: true, authorized: false, authorizationError: 'Hostname/IP doesn\'t match certificate\'s altnames' })
      } finally {
        browser.close()
      }
    })
  })
}
