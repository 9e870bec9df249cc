// One Register instance serves one xmpp-ftw connection (XEP-0077 requests go on the stream
// of the user who asked). Given to a second, different manager it refuses every request,
// warns once, and sends nothing on either stream; the same manager again (a new login) is fine.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { FakeClient, fakeManager } from '../../support/fakes'
import { ex77 } from '../../support/fixtures'
import { HOSTS, loadRegister } from '../../support/host'
import { onlineSession } from '../../support/session'

const SHARED = 'This Register instance already serves another xmpp-ftw connection: give each connection its own new Register()'
const refused = (request: unknown): unknown[] => [{ type: 'modify', condition: 'client-error', description: SHARED, request }]

/** Runs `body`, collecting the process warnings it emits (and keeping them off stderr). */
const warningsOf = async (body: () => Promise<void> | void): Promise<Array<{ message: string; code: unknown }>> => {
  const warnings: Array<{ message: string; code: unknown }> = []
  const saved = process.emitWarning
  process.emitWarning = ((warning: string | Error, options?: { code?: string }) => {
    warnings.push({ message: String(warning), code: typeof options === 'object' ? options.code : undefined })
  }) as typeof process.emitWarning
  try {
    await body()
  } finally {
    process.emitWarning = saved
  }
  return warnings
}

const WARNING = {
  message: 'xmpp-ftw-register: one Register instance was given to a second xmpp-ftw connection; it now refuses every request. Give each connection its own new Register()',
  code: 'XMPP_FTW_REGISTER_SHARED'
}

for (const { version, pkg } of HOSTS) {
  describe(`one Register instance in two xmpp-ftw ${version} connections`, () => {
    it('sends nothing on either stream, answers each user with a client error and warns once', async () => {
      const warnings = await warningsOf(async () => {
        const first = onlineSession(pkg, { timeout: 200 })
        const second = onlineSession(pkg, undefined, { user: 'romeo', domain: 'montague.lit', resource: 'orchard' }, first.register)
        const request = { to: 'shakespeare.lit' }
        deepStrictEqual(await first.call('xmpp.register.get', request), refused(request))
        deepStrictEqual(await second.call('xmpp.register.set', { ...request, password: 'x' }), refused({ ...request, password: '(hidden)' }))
        equal(first.client.sent.length, 0, 'sent on the first stream')
        equal(second.client.sent.length, 0, 'sent on the second stream')
        // Without a callback each socket hears about it, and only its own request.
        first.socket.fromBrowser('xmpp.register.unregister', { to: 'one.lit' })
        second.socket.fromBrowser('xmpp.register.unregister', { to: 'two.lit' })
        deepStrictEqual(first.socket.toBrowser.filter((m) => m.event === 'xmpp.error.client').map((m) => m.data), refused({ to: 'one.lit' }))
        deepStrictEqual(second.socket.toBrowser.filter((m) => m.event === 'xmpp.error.client').map((m) => m.data), refused({ to: 'two.lit' }))
        // A new login of either user changes nothing.
        await new Promise((resolve) => second.socket.fromBrowser('xmpp.logout', {}, resolve))
        const again = onlineSession(pkg, undefined, undefined, first.register)
        deepStrictEqual(await again.call('xmpp.register.get', request), refused(request))
        equal(first.client.sent.length + second.client.sent.length + again.client.sent.length, 0)
      })
      deepStrictEqual(warnings, [WARNING])
    })

    it('keeps working when xmpp-ftw calls init again with the same manager after a new login', async () => {
      const warnings = await warningsOf(async () => {
        const s = onlineSession(pkg)
        await new Promise((resolve) => s.socket.fromBrowser('xmpp.logout', {}, resolve))
        const client = new FakeClient()
        const xmpp = s.xmpp as typeof s.xmpp & { client: FakeClient; registerXmppEvents(): void }
        xmpp.client = client
        xmpp.registerXmppEvents()
        client.emit('online', { jid: { user: 'bill', domain: 'shakespeare.lit', resource: 'globe' } })
        const answer = s.call('xmpp.register.get', { to: 'shakespeare.lit' })
        equal(s.client.sent.length, 0)
        client.reply(ex77(3).toString())
        equal(((await answer)[1] as { registered: boolean }).registered, true)
      })
      deepStrictEqual(warnings, [])
    })
  })
}

describe('one embedded Register instance with two managers', () => {
  const Register = loadRegister('xmpp-ftw')

  it('init(manager, true) again with the same manager is fine; with another one every call is refused', async () => {
    const warnings = await warningsOf(async () => {
      const first = fakeManager()
      const second = fakeManager('romeo@montague.lit/orchard')
      const register = new Register({ timeout: 200 })
      register.init(first, true)
      register.init(first, true)
      const ok = new Promise<unknown[]>((resolve) => register.get({ to: 'a.lit' }, (...args) => resolve(args)))
      first.client.reply("<iq type='result'><query xmlns='jabber:iq:register'><registered/></query></iq>", { from: 'a.lit' })
      deepStrictEqual(await ok, [null, { registered: true, mode: 'legacy' }])
      register.init(second, true)
      equal(second.socket.listenerCount('xmpp.register.get'), 0, 'events bound on the second socket')
      const answer = new Promise<unknown[]>((resolve) => register.get({ to: 'a.lit' }, (...args) => resolve(args)))
      deepStrictEqual(await answer, refused({ to: 'a.lit' }))
      equal(first.client.sent.length, 1)
      equal(second.client.sent.length, 0)
    })
    deepStrictEqual(warnings, [WARNING])
  })
})
