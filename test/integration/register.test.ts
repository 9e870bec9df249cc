// Every flow of the plugin through real xmpp-ftw instances (2.0.0 and 1.18.0) over TCP to
// the project's Prosody: the exact callback JSON and the server's resulting state.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'

import { HOSTS } from '../support/host'
import { Browser, RUN, uniqueUser } from './browser'
import { SERVER, startProsody, stopProsody } from './prosody'

const LOGIN_FAIL = { type: 'auth', condition: 'login-fail', description: 'XMPP authentication fail' }
const NOT_CONNECTED = { type: 'connection', condition: 'not-connected', description: 'You are not connected' }
const MUC_REGISTER = 'http://jabber.org/protocol/muc#register'

before(function () {
  this.timeout(120000)
  startProsody()
})
after(() => stopProsody())

for (const { version, pkg } of HOSTS) {
  describe(`against Prosody through xmpp-ftw ${version}`, function () {
    this.timeout(20000)
    const open: Browser[] = []
    const signUp = async (prefix: string, options: { timeout?: number } = {}): Promise<{ browser: Browser; user: string }> => {
      const user = uniqueUser(prefix)
      const browser = await Browser.login(pkg, user, 'pw-1', { register: true, ...options })
      open.push(browser)
      return { browser, user }
    }
    afterEach(() => { for (const browser of open.splice(0)) browser.close() })

    it('1-2. signs up before login (register: true); get to the server shows the registration', async () => {
      const { browser, user } = await signUp('alice')
      deepStrictEqual(await browser.call('xmpp.register.get', { to: SERVER.domain }), [null, { registered: true, username: user, password: true }])
    })

    it('3. password with and without username; the new one logs in, the old ones do not', async () => {
      const { browser, user } = await signUp('bob')
      deepStrictEqual(await browser.call('xmpp.register.password', { to: SERVER.domain, username: user, password: 'pw-2' }), [null, { registered: true }])
      deepStrictEqual(await browser.call('xmpp.register.password', { to: SERVER.domain, password: 'pw-3' }), [null, { registered: true }])
      browser.close()
      const again = await Browser.login(pkg, user, 'pw-3')
      open.push(again)
      deepStrictEqual(await again.call('xmpp.register.get', { to: SERVER.domain }), [null, { registered: true, username: user, password: true }])
      deepStrictEqual(await Browser.loginError(pkg, user, 'pw-1'), LOGIN_FAIL)
      deepStrictEqual(await Browser.loginError(pkg, user, 'pw-2'), LOGIN_FAIL)
    })

    it('4. registers a nick in a room: get the form, set it filled in, get shows it, unregister', async () => {
      const { browser } = await signUp('owner')
      const room = `room-${RUN}-${version.replace(/\./g, '')}@${SERVER.muc}`
      const joined = browser.socket.next(['xmpp.presence'])
      browser.raw(`<presence to='${room}/owner'><x xmlns='http://jabber.org/protocol/muc'/></presence>`)
      await joined
      const [error, info] = await browser.call('xmpp.register.get', { to: room })
      equal(error, null)
      deepStrictEqual(info, {
        form: {
          formType: MUC_REGISTER,
          fields: [{ var: 'muc#register_roomnick', type: 'text-single', label: 'Nickname', required: true }]
        }
      })
      const form = (info as { form: { fields: Array<{ var: string; value?: string }> } }).form
      form.fields[0]!.value = 'Owner Nick'
      deepStrictEqual(await browser.call('xmpp.register.set', { to: room, form }), [null, { registered: true }])
      deepStrictEqual(await browser.call('xmpp.register.get', { to: room }), [null, { registered: true, username: 'Owner Nick' }])
      deepStrictEqual(await browser.call('xmpp.register.unregister', { to: room }), [null, true])
      const [, after] = await browser.call('xmpp.register.get', { to: room })
      ok((after as { form?: unknown }).form, 'the room asks for a registration again')
    })

    it('5. error replies from the server come back as error JSON; the session stays usable', async () => {
      const { browser, user } = await signUp('carol')
      const { user: other } = await signUp('dave')
      const room = `closed-${RUN}-${version.replace(/\./g, '')}@${SERVER.muc}`
      const { browser: owner } = await signUp('erin')
      const joined = owner.socket.next(['xmpp.presence'])
      owner.raw(`<presence to='${room}/erin'><x xmlns='http://jabber.org/protocol/muc'/></presence>`)
      await joined
      const CASES: Array<[string, unknown, unknown]> = [
        ['xmpp.register.set', { to: SERVER.domain, username: `${user}-new`, password: 'x' }, { type: 'modify', condition: 'bad-request' }],
        ['xmpp.register.get', { to: `${other}@${SERVER.domain}` }, { type: 'cancel', condition: 'service-unavailable' }],
        ['xmpp.register.set', { to: `${other}@${SERVER.domain}`, username: 'x', password: 'y' }, { type: 'cancel', condition: 'service-unavailable' }],
        ['xmpp.register.get', { to: SERVER.muc }, { type: 'cancel', condition: 'service-unavailable' }],
        ['xmpp.register.get', { to: 'no-such-service.example' }, { type: 'cancel', condition: 'not-allowed', description: 'Communication with remote domains is not enabled' }],
        ['xmpp.register.get', { to: room }, { type: 'auth', condition: 'registration-required' }]
      ]
      for (const [event, data, expected] of CASES) {
        deepStrictEqual(await browser.call(event, data), [expected], `${event} ${JSON.stringify(data)}`)
      }
      deepStrictEqual(await browser.call('xmpp.register.get', { to: SERVER.domain }), [null, { registered: true, username: user, password: true }])
    })

    it('6. unregister from the home server reports true; the account can no longer log in', async () => {
      const { browser, user } = await signUp('frank')
      deepStrictEqual(await browser.call('xmpp.register.unregister', { to: SERVER.domain }), [null, true])
      deepStrictEqual(await Browser.loginError(pkg, user, 'pw-1'), LOGIN_FAIL)
    })

    it('7. a request nobody answers times out; an IQ get echoed to us is no reply; the session stays usable', async () => {
      const { browser, user } = await signUp('grace', { timeout: 1000 })
      const room = `echo-${RUN}-${version.replace(/\./g, '')}@${SERVER.muc}`
      const joined = browser.socket.next(['xmpp.presence'])
      browser.raw(`<presence to='${room}/grace'><x xmlns='http://jabber.org/protocol/muc'/></presence>`)
      await joined
      const started = Date.now()
      deepStrictEqual(await browser.call('xmpp.register.get', { to: `${room}/grace` }),
        [{ type: 'wait', condition: 'timeout', description: `No reply from ${room}/grace within 1000 ms` }])
      ok(Date.now() - started >= 990)
      deepStrictEqual(await browser.call('xmpp.register.get', { to: browser.jid }),
        [{ type: 'wait', condition: 'timeout', description: `No reply from ${browser.jid} within 1000 ms` }])
      deepStrictEqual(await browser.call('xmpp.register.get', { to: SERVER.domain }), [null, { registered: true, username: user, password: true }])
    })

    it('8. bad input through the socket: client errors, nothing sent, session usable', async () => {
      const { browser, user } = await signUp('heidi')
      browser.sent.length = 0
      const CASES: Array<[string, unknown, string]> = [
        ['xmpp.register.get', null, "Request must be an object with a 'to' key"],
        ['xmpp.register.set', { to: 42, username: 'x' }, "'to' key must be a string"],
        ['xmpp.register.password', { to: SERVER.domain, password: 'new\u0000pass' }, "'password' key contains a character XML does not allow"],
        ['xmpp.register.unregister', { to: [SERVER.domain] }, "'to' key must be a string"]
      ]
      for (const [event, data, description] of CASES) {
        deepStrictEqual(await browser.call(event, data), [{ type: 'modify', condition: 'client-error', description, request: data }])
      }
      deepStrictEqual(browser.sent, [])
      deepStrictEqual(await browser.call('xmpp.register.get', { to: SERVER.domain }), [null, { registered: true, username: user, password: true }])
    })

    it('9. after xmpp.logout every event answers not-connected', async () => {
      const { browser } = await signUp('ivan')
      deepStrictEqual(await browser.logout(), [null, true])
      for (const event of ['xmpp.register.get', 'xmpp.register.set', 'xmpp.register.unregister', 'xmpp.register.password']) {
        deepStrictEqual(await browser.call(event, { to: SERVER.domain, password: 'p' }), [NOT_CONNECTED], event)
      }
    })
  })
}
