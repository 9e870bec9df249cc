// xmpp.register.invite (XEP-0401 over XEP-0050) on the project's real servers, through
// xmpp-ftw 2.0 and 1.18: Alice invites on the invite-only Prosody, Bob signs up with the link
// and logs in, and the two are contacts both ways (xmpp-ftw's xmpp.roster.get on each side);
// a Prosody where users may not invite new accounts; Prosody without ad-hoc commands and
// ejabberd 23.01 (no invite commands): "cannot make invites" in words; password-reset invites.
import { deepStrictEqual, equal, match, ok } from 'node:assert/strict'

import { INVITE_MESSAGES } from '../../src/signup/invite'
import { HOSTS } from '../support/host'
import { Browser, uniqueUser } from './browser'
import { CONTACT_ONLY_PROSODY, INVITE_PROSODY, SERVER, type ProsodyInstance } from './prosody'
import { SERVERS } from './servers'
import { signupPages } from './signup-pages'

const DOMAIN = SERVER.domain
const EJABBERD = SERVERS[1]!
const cannot = (to: string, node = 'urn:xmpp:invite#invite', extra = '') => ({
  type: 'cancel', condition: 'feature-not-implemented', description: `${to} cannot make invites: it offers no '${node}' command to this account${extra}`
})

before(function () {
  this.timeout(120000)
  INVITE_PROSODY.start()
  CONTACT_ONLY_PROSODY.start()
  SERVER.start()
  EJABBERD.start()
})
after(function () {
  this.timeout(30000)
  INVITE_PROSODY.stop()
  CONTACT_ONLY_PROSODY.stop()
  SERVER.stop()
  EJABBERD.stop()
})

/** The roster as xmpp-ftw gives it: `bare JID subscription`, sorted. */
const roster = async (browser: Browser): Promise<string[]> => {
  const [error, items] = await browser.call('xmpp.roster.get', {}) as [unknown, Array<{ jid: { user: string; domain: string }; subscription: string }>]
  equal(error, null)
  return items.map((item) => `${item.jid.user}@${item.jid.domain} ${item.subscription}`).sort()
}

for (const { version, pkg } of HOSTS) {
  describe(`xmpp.register.invite on real servers through xmpp-ftw ${version}`, function () {
    this.timeout(30000)
    // Logged-in pages close first: signupPages' hook then checks that nothing is left.
    const sessions: Browser[] = []
    afterEach(() => { for (const browser of sessions.splice(0)) browser.close() })
    const open = signupPages(pkg)

    /** Logs `user` in over STARTTLS (certificate verified) on `prosody`. */
    const login = async (prosody: ProsodyInstance, user: string, password: string): Promise<Browser> => {
      const browser = Browser.offline(pkg)
      sessions.push(browser)
      const online = await browser.loginWith({
        jid: `${user}@${DOMAIN}`, password, host: 'localhost', port: prosody.port,
        rejectUnauthorized: true, credentials: { ca: prosody.pem('PROSODY_CA').toString() }
      })
      equal(online, true, `${user} logs in`)
      return browser
    }
    const signupPage = (prosody: ProsodyInstance): Browser =>
      open({ domains: { [DOMAIN]: { host: SERVER.host, port: prosody.port, ca: prosody.pem('PROSODY_CA') } }, timeout: 5000 })

    it('Alice invites, Bob signs up with the invite and logs in; each has the other as a contact', async () => {
      const alice = uniqueUser('alice')
      const bob = uniqueUser('bob')
      INVITE_PROSODY.addUser(alice, 'alice-pw')
      const page = await login(INVITE_PROSODY, alice, 'alice-pw')
      const [error, result] = await page.call('xmpp.register.invite', {}) as [null, { status: string; uri: string; expires: string; registration: boolean }]
      equal(error, null)
      deepStrictEqual(Object.keys(result).sort(), ['expires', 'registration', 'status', 'uri'])
      deepStrictEqual([result.status, result.registration], ['completed', true])
      match(result.uri, new RegExp(`^xmpp:${alice}@localhost\\?roster;preauth=[A-Za-z0-9_-]+;ibr=y$`))
      const days = (Date.parse(result.expires) - Date.now()) / 86400000
      ok(days > 6.9 && days < 7.1, `expires in seven days: ${result.expires}`)

      const friend = signupPage(INVITE_PROSODY)
      const [, got] = await friend.call('xmpp.register.account.get', { invite: result.uri }) as [null, { invite: unknown }]
      deepStrictEqual(got.invite, { domain: DOMAIN, contact: `${alice}@${DOMAIN}` })
      deepStrictEqual(await friend.call('xmpp.register.account.set', { domain: DOMAIN, username: bob, password: 'bob-pw' }),
        [null, { registered: true, jid: `${bob}@${DOMAIN}`, contact: `${alice}@${DOMAIN}` }])
      const bobPage = await login(INVITE_PROSODY, bob, 'bob-pw')
      deepStrictEqual(await roster(bobPage), [`${alice}@${DOMAIN} both`])
      deepStrictEqual(await roster(page), [`${bob}@${DOMAIN} both`])
      // The token is spent.
      deepStrictEqual(await signupPage(INVITE_PROSODY).call('xmpp.register.account.get', { invite: result.uri }),
        [{ type: 'cancel', condition: 'forbidden', description: 'The invite token is invalid or expired' }])
    })

    it('an account invite is for admins: feature-not-implemented in words; a cancel of a session never seen: answered here', async () => {
      const alice = uniqueUser('alice')
      INVITE_PROSODY.addUser(alice, 'pw')
      const page = await login(INVITE_PROSODY, alice, 'pw')
      deepStrictEqual(await page.call('xmpp.register.invite', { type: 'create-account' }),
        [cannot(DOMAIN, 'urn:xmpp:invite#create-account', " (account invites are usually for the server's admins only)")])
      const sent = page.sent.length
      deepStrictEqual(await page.call('xmpp.register.invite', { sessionid: 'not-mine', cancel: true }), [null, { status: 'canceled', sessionid: 'not-mine' }])
      equal(page.sent.length, sent)
    })

    it('a Prosody where users may not invite new accounts: a contact-only invite, refused at sign-up in words', async () => {
      const alice = uniqueUser('alice')
      CONTACT_ONLY_PROSODY.addUser(alice, 'pw')
      const page = await login(CONTACT_ONLY_PROSODY, alice, 'pw')
      const [error, result] = await page.call('xmpp.register.invite', {}) as [null, { uri: string; registration: boolean }]
      deepStrictEqual([error, result.registration], [null, false])
      match(result.uri, new RegExp(`^xmpp:${alice}@localhost\\?roster;preauth=[A-Za-z0-9_-]+$`))
      const [refusal] = await signupPage(CONTACT_ONLY_PROSODY).call('xmpp.register.account.get', { invite: result.uri }) as [{ description: string }]
      equal(refusal.description, INVITE_MESSAGES.noIbr)
    })

    it('Prosody without ad-hoc commands and ejabberd 23.01: "cannot make invites" in words', async () => {
      for (const server of [SERVER, EJABBERD]) {
        const user = uniqueUser('nocmd')
        const page = await Browser.login(pkg, user, 'pw', { register: true, server })
        sessions.push(page)
        deepStrictEqual(await page.call('xmpp.register.invite', {}), [cannot(server.domain)], server.name)
        equal(page.sent.length, 1, `${server.name}: only the disco#items was sent`)
      }
    })

    it('a password-reset invite: the same username gets a new password, the old one stops working; another existing username is a conflict', async () => {
      const alice = uniqueUser('alice')
      const carol = uniqueUser('carol')
      INVITE_PROSODY.addUser(alice, 'old-pw')
      INVITE_PROSODY.addUser(carol, 'carol-pw')
      const reset = INVITE_PROSODY.resetInvite(alice)
      match(reset, new RegExp(`^xmpp:${alice}@localhost\\?register;preauth=`))
      const other = signupPage(INVITE_PROSODY)
      await other.call('xmpp.register.account.get', { invite: INVITE_PROSODY.resetInvite(alice) })
      deepStrictEqual(await other.call('xmpp.register.account.set', { domain: DOMAIN, username: carol, password: 'x' }),
        [{ type: 'cancel', condition: 'conflict', description: 'The requested username already exists.' }])
      const page = signupPage(INVITE_PROSODY)
      const [, got] = await page.call('xmpp.register.account.get', { invite: reset }) as [null, { invite: unknown }]
      deepStrictEqual(got.invite, { domain: DOMAIN, username: alice })
      deepStrictEqual(await page.call('xmpp.register.account.set', { domain: DOMAIN, username: alice, password: 'new-pw' }),
        [null, { registered: true, jid: `${alice}@${DOMAIN}` }])
      await login(INVITE_PROSODY, alice, 'new-pw')
      await login(INVITE_PROSODY, carol, 'carol-pw')
      const old = Browser.offline(pkg)
      sessions.push(old)
      equal(await old.loginWith({
        jid: `${alice}@${DOMAIN}`, password: 'old-pw', host: 'localhost', port: INVITE_PROSODY.port,
        rejectUnauthorized: true, credentials: { ca: INVITE_PROSODY.pem('PROSODY_CA').toString() }
      }), false)
    })
  })
}
