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
import { TLS_SERVER, startTlsProsody, stopTlsProsody } from './tls-server'

interface Secured { client?: { connection: { isSecure?: boolean; socket: { authorized?: boolean; authorizationError?: string | null } } } | false }

/** Whether the session's stream runs over TLS, and what certificate verification said. */
const tlsState = (browser: Browser | undefined): unknown => {
  const client = (browser?.xmpp as Secured | undefined)?.client
  if (!client) return 'not online'
  const { isSecure, socket } = client.connection
  return { secure: isSecure === true, authorized: socket.authorized, authorizationError: socket.authorizationError }
}

const VERIFIED = { secure: true, authorized: true, authorizationError: null }
const LOGIN_FAIL = { event: 'xmpp.error', data: { type: 'auth', condition: 'login-fail', description: 'XMPP authentication fail' } }
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
    const open: Browser[] = []
    afterEach(() => { for (const browser of open.splice(0)) browser.close() })
    /** `xmpp.login` for `user` to the TLS Prosody by `host`, with `tls` options. */
    const login = async (user: string, host: string, tls: Record<string, unknown>, register = false) => {
      const outcome = await Browser.connect(pkg, { jid: `${user}@${TLS_SERVER.domain}`, password: 'pw-1', host, port: TLS_SERVER.port, register, ...tls })
      if (outcome.online) open.push(outcome.online)
      return outcome
    }
    const verifiedBy = (trusted: string): Record<string, unknown> => ({ rejectUnauthorized: true, credentials: { ca: trusted } })

    it('signs up and logs in to localhost over STARTTLS with the certificate verified; the session works', async () => {
      const user = uniqueUser('tls')
      const signUp = await login(user, 'localhost', verifiedBy(ca), true)
      deepStrictEqual(tlsState(signUp.online), VERIFIED)
      signUp.online!.close()
      // The flow a page follows after signing up: xmpp.login with the new account.
      const again = await login(user, 'localhost', verifiedBy(ca))
      deepStrictEqual(tlsState(again.online), VERIFIED)
      deepStrictEqual(await again.online!.call('xmpp.register.get', { to: TLS_SERVER.domain }), [null, { registered: true, username: user, password: true, mode: 'legacy' }])
    })

    // Verification on, and it fails: the TLS socket's error ends the login (a login error, then
    // disconnected); the session never goes online.
    const REFUSED: Array<[title: string, host: string, trusted: () => string, description: string]> = [
      // xmpp-ftw's handleError sends JSON.stringify(error); this Error has no own enumerable field.
      ['by 127.0.0.1 the localhost certificate does not verify', '127.0.0.1', () => ca, '{}'],
      ['with a CA that did not sign the certificate', 'localhost', () => wrongCa, '{"code":"UNABLE_TO_VERIFY_LEAF_SIGNATURE"}']
    ]
    for (const [title, host, trusted, description] of REFUSED) {
      it(`${title}: a login error, then disconnected; never online`, async () => {
        const user = uniqueUser('tls-refused')
        const { online, toBrowser } = await login(user, host, verifiedBy(trusted()), true)
        // The registration (username and password) never went out: the account does not exist.
        const check = await login(user, 'localhost', verifiedBy(ca))
        deepStrictEqual({ online: tlsState(online), toBrowser, check: check.toBrowser }, {
          online: 'not online',
          toBrowser: [{ event: 'xmpp.error', data: { type: 'cancel', condition: 'unknown', description } }, DISCONNECTED],
          check: [LOGIN_FAIL]
        })
      })
    }

    it('without rejectUnauthorized node-xmpp-client does not verify: online over TLS by 127.0.0.1, verification failed', async () => {
      const { online } = await login(uniqueUser('tls-unverified'), '127.0.0.1', { credentials: { ca } }, true)
      deepStrictEqual(tlsState(online), { secure: true, authorized: false, authorizationError: 'Hostname/IP doesn\'t match certificate\'s altnames' })
    })
  })
}
