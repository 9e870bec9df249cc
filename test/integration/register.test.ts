// Every flow of the plugin through real xmpp-ftw instances (2.0.0 and 1.18.0) over TCP to
// each of the project's real servers (Prosody, ejabberd): the exact callback JSON and the
// server's resulting state. Where the servers answer differently, EXPECTED holds each one's
// whole reply.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'

import { HOSTS } from '../support/host'
import { Browser, RUN, uniqueUser } from './browser'
import { SERVERS, type TestServer } from './servers'

const LOGIN_FAIL = { type: 'auth', condition: 'login-fail', description: 'XMPP authentication fail' }
const NOT_CONNECTED = { type: 'connection', condition: 'not-connected', description: 'You are not connected' }
const MUC_REGISTER = 'http://jabber.org/protocol/muc#register'
const NICK_FIELD = { var: 'muc#register_roomnick', type: 'text-single', label: 'Nickname', required: true }

/** A request and the callback arguments a server answers it with. */
type Case = [event: string, data: unknown, callback: unknown[]]

/** What each server answers where servers differ. */
interface Expectations {
  /** `get` to the home server from a registered account. */
  registration(user: string): unknown
  /** Where a room nick is registered: the room itself (Prosody) or the MUC service (ejabberd). */
  nickAt(room: string): string
  /** `get` there before a nick is registered. */
  nickForm: unknown
  /** `get` there once `nick` is registered. */
  nickRegistered(nick: string): unknown
  /** Requests the server refuses (or answers for another JID) from `user`, with `other` a second account. */
  refusals(at: { domain: string; muc: string; user: string; other: string; closedRoom: string }): Case[]
}

const EJABBERD_NICK_FORM = {
  fields: [NICK_FIELD],
  title: 'Nickname Registration at conference.localhost',
  instructions: 'Enter nickname you want to register',
  formType: MUC_REGISTER
}
const EJABBERD_NICK_INSTRUCTIONS = 'You need a client that supports x:data to register the nickname'
const EJABBERD_FORBIDDEN = { type: 'auth', condition: 'forbidden', description: 'Access denied by service policy' }
const ejabberdRegistration = (user: string): unknown =>
  ({ registered: true, username: user, password: true, instructions: 'Choose a username and password to register with this server', mode: 'legacy' })

const EXPECTED: Record<TestServer['name'], Expectations> = {
  prosody: {
    registration: (user) => ({ registered: true, username: user, password: true, mode: 'legacy' }),
    nickAt: (room) => room,
    nickForm: { form: { formType: MUC_REGISTER, fields: [NICK_FIELD] }, mode: 'form' },
    nickRegistered: (nick) => ({ registered: true, username: nick, mode: 'legacy' }),
    refusals: ({ domain, muc, user, other, closedRoom }) => [
      ['xmpp.register.set', { to: domain, username: `${user}-new`, password: 'x' }, [{ type: 'modify', condition: 'bad-request' }]],
      ['xmpp.register.get', { to: `${other}@${domain}` }, [{ type: 'cancel', condition: 'service-unavailable' }]],
      ['xmpp.register.set', { to: `${other}@${domain}`, username: 'x', password: 'y' }, [{ type: 'cancel', condition: 'service-unavailable' }]],
      ['xmpp.register.get', { to: muc }, [{ type: 'cancel', condition: 'service-unavailable' }]],
      ['xmpp.register.get', { to: 'no-such-service.example' }, [{ type: 'cancel', condition: 'not-allowed', description: 'Communication with remote domains is not enabled' }]],
      ['xmpp.register.get', { to: closedRoom }, [{ type: 'auth', condition: 'registration-required' }]]
    ]
  },
  ejabberd: {
    registration: ejabberdRegistration,
    nickAt: (room) => room.slice(room.indexOf('@') + 1),
    nickForm: { nick: true, instructions: EJABBERD_NICK_INSTRUCTIONS, form: EJABBERD_NICK_FORM, mode: 'form' },
    nickRegistered: (nick) => ({
      registered: true,
      nick,
      instructions: EJABBERD_NICK_INSTRUCTIONS,
      form: { ...EJABBERD_NICK_FORM, fields: [{ ...NICK_FIELD, value: nick }] },
      mode: 'form'
    }),
    refusals: ({ domain, user, other, closedRoom }) => [
      ['xmpp.register.set', { to: domain, username: `${user}-new`, password: 'x' }, [EJABBERD_FORBIDDEN]],
      // ejabberd answers a get to another account's bare JID with the sender's own registration.
      ['xmpp.register.get', { to: `${other}@${domain}` }, [null, ejabberdRegistration(user)]],
      ['xmpp.register.set', { to: `${other}@${domain}`, username: 'x', password: 'y' }, [EJABBERD_FORBIDDEN]],
      ['xmpp.register.get', { to: 'no-such-service.example' }, [EJABBERD_FORBIDDEN]],
      ['xmpp.register.get', { to: closedRoom }, [{ type: 'cancel', condition: 'service-unavailable', description: 'The feature requested is not supported by the conference' }]]
    ]
  }
}

before(function () {
  this.timeout(120000)
  for (const server of SERVERS) server.start()
})
after(() => { for (const server of SERVERS) server.stop() })

for (const server of SERVERS) {
  const expected = EXPECTED[server.name]
  for (const { version, pkg } of HOSTS) {
    describe(`against ${server.name} through xmpp-ftw ${version}`, function () {
      this.timeout(20000)
      const open: Browser[] = []
      const tag = `${server.name}-${version.replace(/\./g, '')}`
      const signUp = async (prefix: string, options: { timeout?: number } = {}): Promise<{ browser: Browser; user: string }> => {
        const user = uniqueUser(prefix)
        const browser = await Browser.login(pkg, user, 'pw-1', { register: true, server, ...options })
        open.push(browser)
        return { browser, user }
      }
      const join = async (browser: Browser, room: string, nick: string): Promise<void> => {
        const joined = browser.socket.next(['xmpp.presence'])
        browser.raw(`<presence to='${room}/${nick}'><x xmlns='http://jabber.org/protocol/muc'/></presence>`)
        await joined
      }
      /** A fresh account in a fresh room; `at` is where its nick is registered on this server. */
      const inRoom = async (prefix: string): Promise<{ browser: Browser; at: string; nick: string }> => {
        const { browser } = await signUp(prefix)
        const room = `${prefix}-${RUN}-${tag}@${server.muc}`
        await join(browser, room, prefix)
        return { browser, at: expected.nickAt(room), nick: `${prefix} ${RUN} ${tag}` }
      }
      afterEach(() => { for (const browser of open.splice(0)) browser.close() })

      it('1-2. signs up before login (register: true); get to the server shows the registration', async () => {
        const { browser, user } = await signUp('alice')
        deepStrictEqual(await browser.call('xmpp.register.get', { to: server.domain }), [null, expected.registration(user)])
      })

      it('3. password with and without username; the new one logs in, the old ones do not', async () => {
        const { browser, user } = await signUp('bob')
        deepStrictEqual(await browser.call('xmpp.register.password', { to: server.domain, username: user, password: 'pw-2' }), [null, { registered: true }])
        deepStrictEqual(await browser.call('xmpp.register.password', { to: server.domain, password: 'pw-3' }), [null, { registered: true }])
        browser.close()
        const again = await Browser.login(pkg, user, 'pw-3', { server })
        open.push(again)
        deepStrictEqual(await again.call('xmpp.register.get', { to: server.domain }), [null, expected.registration(user)])
        deepStrictEqual(await Browser.loginError(pkg, user, 'pw-1', server), LOGIN_FAIL)
        deepStrictEqual(await Browser.loginError(pkg, user, 'pw-2', server), LOGIN_FAIL)
      })

      it('4. registers a room nick: get the form, set it back filled in, get shows it, unregister', async () => {
        const { browser, at, nick } = await inRoom('owner')
        const [error, info] = await browser.call('xmpp.register.get', { to: at })
        equal(error, null)
        deepStrictEqual(info, expected.nickForm)
        // The form object from get goes back unchanged but for the value: its formType is the
        // service's own (ejabberd's MUC service refuses any other FORM_TYPE).
        const form = (info as { form: { fields: Array<{ var: string; value?: string }> } }).form
        form.fields[0]!.value = nick
        deepStrictEqual(await browser.call('xmpp.register.set', { to: at, form }), [null, { registered: true }])
        deepStrictEqual(await browser.call('xmpp.register.get', { to: at }), [null, expected.nickRegistered(nick)])
        deepStrictEqual(await browser.call('xmpp.register.unregister', { to: at }), [null, true])
        deepStrictEqual(await browser.call('xmpp.register.get', { to: at }), [null, expected.nickForm])
      })

      it('4b. registers a room nick with the form as the xmpp-ftw [{var, value}] array after get', async () => {
        const { browser, at, nick } = await inRoom('member')
        deepStrictEqual(await browser.call('xmpp.register.get', { to: at }), [null, expected.nickForm])
        // No FORM_TYPE in the array: the one of the form get returned must go out.
        deepStrictEqual(await browser.call('xmpp.register.set', { to: at, form: [{ var: 'muc#register_roomnick', value: nick }] }), [null, { registered: true }])
        deepStrictEqual(await browser.call('xmpp.register.get', { to: at }), [null, expected.nickRegistered(nick)])
        deepStrictEqual(await browser.call('xmpp.register.unregister', { to: at }), [null, true])
      })

      it('5. requests the server refuses come back as its own reply JSON; the session stays usable', async () => {
        const { browser, user } = await signUp('carol')
        const { user: other } = await signUp('dave')
        const closedRoom = `closed-${RUN}-${tag}@${server.muc}`
        const { browser: owner } = await signUp('erin')
        await join(owner, closedRoom, 'erin')
        for (const [event, data, callback] of expected.refusals({ domain: server.domain, muc: server.muc, user, other, closedRoom })) {
          deepStrictEqual(await browser.call(event, data), callback, `${event} ${JSON.stringify(data)}`)
        }
        deepStrictEqual(await browser.call('xmpp.register.get', { to: server.domain }), [null, expected.registration(user)])
      })

      it('6. unregister from the home server reports true; the account can no longer log in', async () => {
        const { browser, user } = await signUp('frank')
        deepStrictEqual(await browser.call('xmpp.register.unregister', { to: server.domain }), [null, true])
        deepStrictEqual(await Browser.loginError(pkg, user, 'pw-1', server), LOGIN_FAIL)
      })

      it('7. a request nobody answers times out; an IQ get echoed to us is no reply; the session stays usable', async () => {
        const { browser, user } = await signUp('grace', { timeout: 1000 })
        const room = `echo-${RUN}-${tag}@${server.muc}`
        await join(browser, room, 'grace')
        const started = Date.now()
        deepStrictEqual(await browser.call('xmpp.register.get', { to: `${room}/grace` }),
          [{ type: 'wait', condition: 'timeout', description: `No reply from ${room}/grace within 1000 ms` }])
        ok(Date.now() - started >= 990)
        deepStrictEqual(await browser.call('xmpp.register.get', { to: browser.jid }),
          [{ type: 'wait', condition: 'timeout', description: `No reply from ${browser.jid} within 1000 ms` }])
        deepStrictEqual(await browser.call('xmpp.register.get', { to: server.domain }), [null, expected.registration(user)])
      })

      it('8. bad input through the socket: client errors, nothing sent, session usable', async () => {
        const { browser, user } = await signUp('heidi')
        browser.sent.length = 0
        const CASES: Array<[string, unknown, string]> = [
          ['xmpp.register.get', null, "Request must be an object with a 'to' key"],
          ['xmpp.register.set', { to: 42, username: 'x' }, "'to' key must be a string"],
          ['xmpp.register.password', { to: server.domain, password: 'new\u0000pass' }, "'password' key contains a character XML does not allow"],
          ['xmpp.register.unregister', { to: [server.domain] }, "'to' key must be a string"]
        ]
        for (const [event, data, description] of CASES) {
          const request = typeof data === 'object' && data !== null && 'password' in data ? { ...data, password: '(hidden)' } : data
          deepStrictEqual(await browser.call(event, data), [{ type: 'modify', condition: 'client-error', description, request }])
        }
        deepStrictEqual(browser.sent, [])
        deepStrictEqual(await browser.call('xmpp.register.get', { to: server.domain }), [null, expected.registration(user)])
      })

      it('9. after xmpp.logout every event answers not-connected', async () => {
        const { browser } = await signUp('ivan')
        deepStrictEqual(await browser.logout(), [null, true])
        for (const event of ['xmpp.register.get', 'xmpp.register.set', 'xmpp.register.unregister', 'xmpp.register.password']) {
          deepStrictEqual(await browser.call(event, { to: server.domain, password: 'p' }), [NOT_CONNECTED], event)
        }
      })
    })
  }
}
