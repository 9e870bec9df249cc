// The sign-up events (xmpp.register.account.get/set/cancel) through xmpp-ftw 2.0 and 1.18,
// before login, against the STARTTLS-required and the invite-only Prosody: open sign-up and
// then xmpp.login with the new account over STARTTLS (certificate verified for `localhost`),
// invites and tokens, the gateway's own refusals; the same open sign-up and login against the
// STARTTLS-required ejabberd. Whole values; nothing left open.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { signupStreamCount } from '../../src/signup/stream'
import { HOSTS } from '../support/host'
import { Browser, uniqueUser } from './browser'
import { TLS_EJABBERD } from './ejabberd'
import { signupPages } from './signup-pages'
import { FORBIDDEN_TOKEN, INVITE_ONLY, INVITE_PROSODY, PROSODY_GET, SERVER, TLS_PROSODY, type ProsodyInstance } from './prosody'

const DOMAIN = SERVER.domain

/** What Prosody 0.12 answers to a get before login, as the account.get result. */
const GET = { domain: DOMAIN, ...PROSODY_GET }
const OPEN_FEATURES = { register: true, preauth: false }
const INVITE_FEATURES = { register: true, preauth: true }

before(function () {
  this.timeout(120000)
  TLS_PROSODY.start()
  INVITE_PROSODY.start()
})
after(function () {
  this.timeout(30000)
  TLS_PROSODY.stop()
  INVITE_PROSODY.stop()
})

for (const { version, pkg } of HOSTS) {
  describe(`sign-up events through xmpp-ftw ${version}`, function () {
    this.timeout(30000)
    const open = signupPages(pkg)

    /** A page that has not logged in, with the sign-up attached for `prosody`. */
    const page = (prosody: ProsodyInstance, options: Record<string, unknown> = {}): Browser => open({
      domains: { [DOMAIN]: { host: SERVER.host, port: prosody.port, ca: prosody.pem('PROSODY_CA') } },
      timeout: 5000,
      ...options
    })

    it('open sign-up over TLS, then xmpp.login with the new account (STARTTLS, certificate verified); register.get works', async () => {
      const browser = page(TLS_PROSODY)
      const user = uniqueUser('events')
      deepStrictEqual(await browser.call('xmpp.register.account.get', { domain: DOMAIN }), [null, { ...GET, features: OPEN_FEATURES }])
      deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, username: user, password: 'pw-1' }),
        [null, { registered: true, jid: `${user}@${DOMAIN}` }])
      equal(signupStreamCount(), 0)
      const online = await browser.loginWith({
        jid: `${user}@${DOMAIN}`, password: 'pw-1', host: 'localhost', port: TLS_PROSODY.port,
        rejectUnauthorized: true, credentials: { ca: TLS_PROSODY.pem('PROSODY_CA').toString() }
      })
      equal(online, true)
      deepStrictEqual(await browser.call('xmpp.register.get', { to: DOMAIN }), [null, { registered: true, username: user, password: true, mode: 'legacy' }])
      // Logged in, the sign-up events answer the same.
      deepStrictEqual(await browser.call('xmpp.register.account.cancel', {}), [null, true])
    })

    it('a domain that is not configured: client error naming domain, nothing opened', async () => {
      const browser = page(TLS_PROSODY)
      deepStrictEqual(await browser.call('xmpp.register.account.get', { domain: 'example.org' }), [{
        type: 'modify', condition: 'client-error', description: "'domain' key names a domain this server does not sign up for", request: { domain: 'example.org' }
      }])
      equal(signupStreamCount(), 0)
    })

    it('cancel with no stream: (null, true)', async () => {
      deepStrictEqual(await page(TLS_PROSODY).call('xmpp.register.account.cancel', {}), [null, true])
    })

    it('the stream closed by the idle timeout: set is disconnected', async () => {
      const browser = page(TLS_PROSODY, { idleTimeout: 200 })
      await browser.call('xmpp.register.account.get', { domain: DOMAIN })
      await new Promise((resolve) => setTimeout(resolve, 400))
      deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, username: uniqueUser('idle'), password: 'pw' }),
        [{ type: 'connection', condition: 'disconnected', description: 'The sign-up stream was idle for 200 ms' }])
    })

    it('the global cap: resource-constraint, nothing opened', async () => {
      const first = page(TLS_PROSODY, { maxStreams: 1 })
      const second = page(TLS_PROSODY, { maxStreams: 1 })
      deepStrictEqual(await first.call('xmpp.register.account.get', { domain: DOMAIN }), [null, { ...GET, features: OPEN_FEATURES }])
      deepStrictEqual(await second.call('xmpp.register.account.get', { domain: DOMAIN }),
        [{ type: 'wait', condition: 'resource-constraint', description: 'Too many sign-ups at once (1); try again later' }])
      equal(signupStreamCount(), 1)
      deepStrictEqual(await first.call('xmpp.register.account.cancel', {}), [null, true])
    })

    it('invite-only: an invite URI on get (the result names the invite, not the token); set succeeds; the used invite is then forbidden at get', async () => {
      const invite = INVITE_PROSODY.invite()
      const browser = page(INVITE_PROSODY)
      const [error, data] = await browser.call('xmpp.register.account.get', { invite })
      deepStrictEqual([error, data], [null, { ...GET, features: INVITE_FEATURES, invite: { domain: DOMAIN } }])
      const token = /preauth=([^;]+)/.exec(invite)![1]!
      equal(JSON.stringify(data).includes(token), false)
      const user = uniqueUser('invited')
      deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, username: user, password: 'pw-1' }),
        [null, { registered: true, jid: `${user}@${DOMAIN}` }])
      deepStrictEqual(await browser.call('xmpp.register.account.get', { invite }), [FORBIDDEN_TOKEN])
    })

    it('invite-only: no token is not-acceptable at set; a bogus token is forbidden at get', async () => {
      const browser = page(INVITE_PROSODY)
      deepStrictEqual(await browser.call('xmpp.register.account.get', { domain: DOMAIN }), [null, { ...GET, features: INVITE_FEATURES }])
      deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, username: uniqueUser('noinvite'), password: 'pw' }), [INVITE_ONLY])
      deepStrictEqual(await browser.call('xmpp.register.account.get', { domain: DOMAIN, token: 'bogus-token' }), [FORBIDDEN_TOKEN])
    })
  })
}

/** What ejabberd 23.01 answers to a get (before login: the fields asked for; logged in: the values on file). */
const EJABBERD_GET_INFO = { instructions: 'Choose a username and password to register with this server', mode: 'legacy' }
const EJABBERD_GET = { ...EJABBERD_GET_INFO, domain: DOMAIN, username: true, password: true, features: OPEN_FEATURES }

describe('sign-up events against ejabberd 23.01 (STARTTLS required, certificate verified)', () => {
  before(function () {
    this.timeout(120000)
    TLS_EJABBERD.start()
  })
  after(function () {
    this.timeout(30000)
    TLS_EJABBERD.stop()
  })

  for (const { version, pkg } of HOSTS) {
    describe(`through xmpp-ftw ${version}`, function () {
      this.timeout(30000)
      const open = signupPages(pkg)

      it('get, set, a taken username is a conflict; then xmpp.login with the new account over STARTTLS; register.get works', async () => {
        const ca = TLS_EJABBERD.pem('EJABBERD_CA')
        const browser = open({ domains: { [DOMAIN]: { host: SERVER.host, port: TLS_EJABBERD.port, tls: 'required', ca } }, timeout: 5000 })
        const user = uniqueUser('ejevents')
        deepStrictEqual(await browser.call('xmpp.register.account.get', { domain: DOMAIN }), [null, EJABBERD_GET])
        deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, username: user, password: 'pw-1' }),
          [null, { registered: true, jid: `${user}@${DOMAIN}` }])
        equal(signupStreamCount(), 0)
        deepStrictEqual(await browser.call('xmpp.register.account.get', { domain: DOMAIN }), [null, EJABBERD_GET])
        deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, username: user, password: 'pw-2' }),
          [{ type: 'cancel', condition: 'conflict', description: 'User already exists' }])
        const online = await browser.loginWith({
          jid: `${user}@${DOMAIN}`, password: 'pw-1', host: 'localhost', port: TLS_EJABBERD.port,
          rejectUnauthorized: true, credentials: { ca: ca.toString() }
        })
        equal(online, true)
        deepStrictEqual(await browser.call('xmpp.register.get', { to: DOMAIN }), [null, { ...EJABBERD_GET_INFO, registered: true, username: user, password: true }])
      })
    })
  }
})
