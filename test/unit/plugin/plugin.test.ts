// The plugin inside real xmpp-ftw 2.0.0 and 1.18.0 instances: socket events in, stanzas
// out, replies back to callbacks; timeouts, disconnects, spoofed and odd replies.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import { format } from 'node:util'

import createDebug from 'debug'

import { CANCEL_FORM } from '../../support/expected'
import { FakeSocket, fakeManager } from '../../support/fakes'
import { canonical, ex77 } from '../../support/fixtures'
import { HOSTS, loadRegister } from '../../support/host'
import { onlineSession, type Session } from '../../support/session'

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Collects every callback call of one request. */
const recorder = (): { calls: unknown[][]; cb: (...args: unknown[]) => void } => {
  const calls: unknown[][] = []
  return { calls, cb: (...args) => calls.push(args) }
}

for (const { version, pkg } of HOSTS) {
  describe(`plugin in xmpp-ftw ${version}`, () => {
    let s: Session
    beforeEach(() => { s = onlineSession(pkg, { timeout: 200 }) })
    afterEach(() => equal(s.register.pending, 0, 'a request was left pending'))

    it('claims the replies to its pending requests from xmpp-ftw, and no other stanza', async () => {
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, cb)
      const reply = ex77(3)
      reply.attrs.id = s.client.last().attrs.id
      equal(s.register.handles(ex77(3)), false, 'another id')
      equal(s.register.handles(reply), true)
      equal(s.register.handle(ex77(3)), false)
      equal(s.register.handle(reply), true)
      equal(calls.length, 1)
      equal(s.register.handles(reply), false, 'no longer pending')
    })

    it('settles a reply before xmpp-ftw\'s dispatch, which then stops at this plugin', async () => {
      const asked: string[] = []
      const after = { handles: (stanza: { name: string }): boolean => { asked.push(stanza.name); return false }, handle: (): boolean => false }
      ;(s.xmpp as unknown as { listeners: unknown[] }).listeners.push(after)
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, cb)
      s.client.reply(ex77(3).toString())
      deepStrictEqual(calls, [[null, { registered: true, username: 'juliet', password: 'R0m30', email: 'juliet@capulet.com', mode: 'legacy' }]])
      deepStrictEqual(asked, [], 'a plugin after this one was asked about its reply')
      s.client.deliver("<iq type='result' from='shakespeare.lit' id='not-ours'/>")
      deepStrictEqual(asked, ['iq'], 'other stanzas still go on')
    })

    it('a plugin listed before it whose handles() throws cannot lose its reply', async () => {
      const before = { init: (): void => undefined, handles: (): boolean => { throw new Error('broken plugin') }, handle: (): boolean => false }
      ;(s.xmpp as unknown as { addListener(l: unknown): void }).addListener(before)
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, cb)
      let thrown: unknown
      try { s.client.reply(ex77(3).toString()) } catch (e) { thrown = e }
      equal((thrown as Error | undefined)?.message, 'broken plugin', 'xmpp-ftw\'s own dispatch still throws')
      deepStrictEqual(calls, [[null, { registered: true, username: 'juliet', password: 'R0m30', email: 'juliet@capulet.com', mode: 'legacy' }]])
    })

    it('binds its four events when xmpp-ftw goes online, and handles no stanza', () => {
      for (const event of ['xmpp.register.get', 'xmpp.register.set', 'xmpp.register.unregister', 'xmpp.register.password']) {
        equal(s.socket.listenerCount(event), 1, event)
      }
      equal(s.register.handles(ex77(2)), false)
      equal(s.register.handle(ex77(2)), false)
      equal(s.register.NS, 'jabber:iq:register')
      equal(s.register.NS_CANCEL, 'jabber:iq:register:cancel')
      equal(s.register.NS_CHANGE_PASSWORD, 'jabber:iq:register:changepassword')
    })

    it('get: sends XEP-0077 Ex 1 and answers with Ex 2 as JSON', async () => {
      const answer = s.call('xmpp.register.get', { to: 'shakespeare.lit' })
      equal(s.client.sent.length, 1)
      const request = s.client.last()
      equal(canonical(request, ['id']), canonical(ex77(1), ['id']))
      s.client.reply(ex77(2).toString(), { from: 'shakespeare.lit' })
      deepStrictEqual(await answer, [null, {
        instructions: '\n      Choose a username and password for use with this service.\n      Please also provide your email address.\n    ',
        username: true,
        password: true,
        email: true,
        mode: 'legacy'
      }])
      deepStrictEqual(Object.keys(s.xmpp.tracking as object), [], 'xmpp-ftw tracking is not used')
    })

    it('set: registers with a form and answers {registered: true}', async () => {
      const answer = s.call('xmpp.register.set', { to: 'contests.shakespeare.lit', form: [{ var: 'first', value: 'Juliet' }] })
      equal(s.client.last().getChild('query')!.getChild('x')!.attrs.type, 'submit')
      s.client.reply("<iq type='result'/>", { from: 'contests.shakespeare.lit' })
      deepStrictEqual(await answer, [null, { registered: true }])
    })

    it('unregister: an error with a form (Ex 16) comes back as error JSON with the form', async () => {
      const answer = s.call('xmpp.register.unregister', { to: 'shakespeare.lit' })
      s.client.reply(ex77(16).toString(), { to: 'bill@shakespeare.lit/globe' })
      deepStrictEqual(await answer, [{ type: 'cancel', condition: 'not-allowed', form: CANCEL_FORM }])
    })

    it('unregister: success is true', async () => {
      const answer = s.call('xmpp.register.unregister', { to: 'contests.shakespeare.lit' })
      equal(s.client.last().getChild('query')!.getChild('remove')!.name, 'remove')
      s.client.reply("<iq type='result'/>", { from: 'contests.shakespeare.lit' })
      deepStrictEqual(await answer, [null, true])
    })

    it('password: username defaults to the session user', async () => {
      const answer = s.call('xmpp.register.password', { to: 'shakespeare.lit', password: 'newpass' })
      equal(canonical(s.client.last(), ['id']), canonical(ex77(18), ['id']))
      s.client.reply(ex77(19).toString())
      deepStrictEqual(await answer, [null, { registered: true }])
    })

    it('a missing or non-function callback is reported as xmpp.error.client; nothing is sent', () => {
      for (const callback of [undefined, true, 'cb', {}]) {
        s.socket.toBrowser.length = 0
        s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, callback)
        deepStrictEqual(s.socket.toBrowser, [{
          event: 'xmpp.error.client',
          data: { type: 'modify', condition: 'client-error', description: 'Missing callback', request: { to: 'shakespeare.lit' } }
        }])
      }
      equal(s.client.sent.length, 0)
    })

    it('bad payloads get client errors naming the key; nothing is sent', async () => {
      // [event, payload, description, the request as the error echoes it]
      const CASES: Array<[string, unknown, string, unknown]> = [
        ['xmpp.register.get', null, "Request must be an object with a 'to' key", null],
        ['xmpp.register.set', { to: 5 }, "'to' key must be a string", { to: 5 }],
        ['xmpp.register.set', { to: 'a', form: 'nope' }, 'Badly formatted data form', { to: 'a', form: 'nope' }],
        ['xmpp.register.password', { to: 'a', password: 'p\u0000' }, "'password' key contains a character XML does not allow", { to: 'a', password: '(hidden)' }],
        ['xmpp.register.unregister', {}, "Missing 'to' key", {}]
      ]
      for (const [event, data, description, request] of CASES) {
        deepStrictEqual(await s.call(event, data), [{ type: 'modify', condition: 'client-error', description, request }])
      }
      equal(s.client.sent.length, 0)
    })

    it('times out with its own condition, frees the request and ignores a late reply', async () => {
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: 'slow.shakespeare.lit' }, cb)
      equal(s.register.pending, 1)
      await tick(260)
      deepStrictEqual(calls, [[{ type: 'wait', condition: 'timeout', description: 'No reply from slow.shakespeare.lit within 200 ms' }]])
      equal(s.register.pending, 0)
      s.client.reply(ex77(2).toString(), { from: 'slow.shakespeare.lit' })
      await tick()
      equal(calls.length, 1)
    })

    it('matches a reply from the same JID in another letter case', async () => {
      const answer = s.call('xmpp.register.get', { to: 'Room@Conference.Shakespeare.LIT' })
      s.client.reply("<iq type='result'><query xmlns='jabber:iq:register'><registered/><nick>Bill</nick></query></iq>", { from: 'room@conference.shakespeare.lit' })
      deepStrictEqual(await answer, [null, { registered: true, nick: 'Bill', mode: 'legacy' }])
    })

    it('ignores a reply with the right id from another sender, and one with no from from a service', async () => {
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: 'room@conference.shakespeare.lit' }, cb)
      s.client.reply("<iq type='error'><error type='cancel'/></iq>", { from: 'evil.lit' })
      s.client.reply("<iq type='error'><error type='cancel'/></iq>", { from: 'room@conference.shakespeare.lit/nick' })
      s.client.reply("<iq type='error'><error type='cancel'/></iq>", { from: undefined })
      await tick()
      deepStrictEqual(calls, [])
      s.client.reply("<iq type='result'><query xmlns='jabber:iq:register'/></iq>", { from: 'room@conference.shakespeare.lit' })
      deepStrictEqual(calls, [[null, { mode: 'legacy' }]])
    })

    it('a stanza with the request id that is not an IQ result or error is not a reply', async () => {
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: 'bill@shakespeare.lit/globe' }, cb)
      const id = s.client.last().attrs.id as string
      // The request to our own full JID comes back to us as an IQ get with the same id.
      s.client.deliver(`<iq type='get' id='${id}' from='bill@shakespeare.lit/globe'><query xmlns='jabber:iq:register'/></iq>`)
      s.client.deliver(`<message id='${id}' from='bill@shakespeare.lit/globe'/>`)
      s.client.deliver(`<iq type='set' id='${id}' from='bill@shakespeare.lit/globe'/>`)
      await tick()
      deepStrictEqual(calls, [])
      s.client.reply("<iq type='error'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", { from: 'bill@shakespeare.lit/globe' })
      deepStrictEqual(calls, [[{ type: 'cancel', condition: 'service-unavailable' }]])
    })

    it('unregister from the home server: a reply from the account\'s own full JID is success (ejabberd)', async () => {
      const answer = s.call('xmpp.register.unregister', { to: 'shakespeare.lit' })
      s.client.reply("<iq type='result'/>", { from: 'bill@shakespeare.lit/globe' })
      deepStrictEqual(await answer, [null, true])
    })

    it('unregister from the home server: the stream closing instead of a reply is success', async () => {
      const answer = s.call('xmpp.register.unregister', { to: 'Shakespeare.lit' })
      s.client.goOffline()
      deepStrictEqual(await answer, [null, true])
      equal(s.xmpp.client, undefined, 'xmpp-ftw logged out')
    })

    it('other requests pending when the stream closes get a disconnected error', async () => {
      const get = s.call('xmpp.register.get', { to: 'shakespeare.lit' })
      const unregister = s.call('xmpp.register.unregister', { to: 'room@conference.shakespeare.lit' })
      s.client.goOffline()
      const disconnected = { type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' }
      deepStrictEqual(await get, [disconnected])
      deepStrictEqual(await unregister, [disconnected])
    })

    it('after logout every event answers not-connected', async () => {
      await new Promise((resolve) => s.socket.fromBrowser('xmpp.logout', {}, resolve))
      const notConnected = { type: 'connection', condition: 'not-connected', description: 'You are not connected' }
      for (const event of ['xmpp.register.get', 'xmpp.register.set', 'xmpp.register.unregister', 'xmpp.register.password']) {
        deepStrictEqual(await s.call(event, { to: 'shakespeare.lit', password: 'p' }), [notConnected], event)
      }
      equal(s.client.sent.length, 0)
    })

    it('a callback that throws harms neither the stream nor other requests', async () => {
      s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, () => { throw new Error('user bug') })
      s.client.reply(ex77(2).toString())
      const answer = s.call('xmpp.register.get', { to: 'shakespeare.lit' })
      s.client.reply(ex77(3).toString())
      deepStrictEqual((await answer)[0], null)
    })

    it('logs requests, replies and timeouts through debug without passwords', async () => {
      const lines: string[] = []
      const saved = createDebug.log
      createDebug.enable('xmpp-ftw:register')
      createDebug.log = (...args: unknown[]) => { lines.push(format(...args)) }
      try {
        const set = s.call('xmpp.register.set', { to: 'shakespeare.lit', username: 'bill', password: 'S3cret-Set' })
        s.client.reply(ex77(5).toString())
        await set
        const pw = s.call('xmpp.register.password', { to: 'shakespeare.lit', form: [{ var: 'password', type: 'text-private', value: 'S3cret-Form' }] })
        s.client.reply(ex77(23).toString())
        await pw
        await s.call('xmpp.register.password', { to: 'shakespeare.lit', password: 'S3cret-\u0000' })
        await s.call('xmpp.register.get', { to: 'slow.lit' })
      } finally {
        createDebug.disable()
        createDebug.log = saved
      }
      const all = lines.join('\n')
      for (const expected of [
        /set \S+ to shakespeare\.lit: fields \[username,password\]/,
        /set reply: success/,
        /password \S+ to shakespeare\.lit: form jabber:iq:register:changepassword \[password\]/,
        /password reply: not-authorized/,
        /password refused: 'password' key contains a character XML does not allow/,
        /get to slow\.lit: no reply within 200 ms/
      ]) ok(expected.test(all), `${String(expected)} in:\n${all}`)
      ok(!all.includes('S3cret'), all)
    })
  })
}

describe('plugin embedded in another plugin', () => {
  const Register = loadRegister('xmpp-ftw')

  it('init(manager, true) binds no socket events; its methods work directly', async () => {
    const manager = fakeManager()
    const register = new Register()
    register.init(manager, true)
    equal(manager.socket.listenerCount('xmpp.register.get'), 0)
    const answer = new Promise<unknown[]>((resolve) => register.get({ to: 'contests.shakespeare.lit' }, (...args) => resolve(args)))
    manager.client.reply(ex77(9).toString(), { from: 'contests.shakespeare.lit' })
    const [error, data] = await answer
    equal(error, null)
    equal((data as { form: { formType: string } }).form.formType, 'jabber:iq:register')
  })

  it('uses the manager\'s current client after a new login', async () => {
    const manager = fakeManager()
    const register = new Register()
    register.init(manager, true)
    const first = manager.client
    const second = fakeManager().client
    manager.client = second
    const answer = new Promise<unknown[]>((resolve) => register.unregister({ to: 'contests.shakespeare.lit' }, (...args) => resolve(args)))
    equal(first.sent.length, 0)
    second.reply("<iq type='result'/>", { from: 'contests.shakespeare.lit' })
    deepStrictEqual(await answer, [null, true])
  })

  it('before init, or with no client, a request is not-connected', async () => {
    const register = new Register()
    const answer = new Promise<unknown[]>((resolve) => register.get({ to: 'a.lit' }, (...args) => resolve(args)))
    deepStrictEqual(await answer, [{ type: 'connection', condition: 'not-connected', description: 'You are not connected' }])
    register.init({ socket: new FakeSocket(), client: false }, true)
    const again = new Promise<unknown[]>((resolve) => register.get({ to: 'a.lit' }, (...args) => resolve(args)))
    deepStrictEqual(await again, [{ type: 'connection', condition: 'not-connected', description: 'You are not connected' }])
  })

  it('a client whose send throws gives a disconnected error and frees the request', async () => {
    const manager = fakeManager()
    manager.client.send = () => { throw new Error('socket closed') }
    const register = new Register()
    register.init(manager, true)
    const answer = new Promise<unknown[]>((resolve) => register.get({ to: 'a.lit' }, (...args) => resolve(args)))
    deepStrictEqual(await answer, [{ type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' }])
    equal(register.pending, 0)
  })

  it('a missing callback with no socket at all does not throw', () => {
    const register = new Register()
    register.get({ to: 'a.lit' }, undefined as never)
  })

  it('refuses a bad timeout option', () => {
    for (const timeout of [0, -1, 1.5, NaN, 2 ** 31, '10' as unknown as number]) {
      let threw = false
      try { new Register({ timeout }) } catch (e) { threw = e instanceof RangeError }
      ok(threw, String(timeout))
    }
    equal(new Register().timeout, Register.DEFAULT_TIMEOUT)
  })
})
