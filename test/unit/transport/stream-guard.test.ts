// Issue 9 §1 at unit level: node-xmpp-client emits the server's <stream:error/> as 'error' on
// its client after xmpp-ftw's logout() removed every client listener. Through real xmpp-ftw
// 2.0.0 and 1.18.0 with a fake client: the error is logged, never thrown, and nothing changes
// while xmpp-ftw still listens.
import { deepStrictEqual, equal } from 'node:assert/strict'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

import { parse } from 'ltx'

import { describeStreamError, guardStreamErrors } from '../../../src/transport/stream-guard'
import { FakeClient, FakeSocket, fakeManager } from '../../support/fakes'
import { guardLog } from '../../support/guard-log'
import { HOSTS, hostModule, loadRegister } from '../../support/host'
import { onlineSession } from '../../support/session'

const STREAMS = "xmlns:stream='http://etherx.jabber.org/streams'"
const XSTREAMS = "xmlns='urn:ietf:params:xml:ns:xmpp-streams'"

/** A `<stream:error/>` with `condition` and `text`, as the server sends it. */
const streamErrorElement = (condition: string, text: string): ReturnType<typeof parse> =>
  parse(`<stream:error ${STREAMS}><${condition} ${XSTREAMS}/><text ${XSTREAMS}>${text}</text></stream:error>`)

/** node-xmpp-core's form of a stream error: an Error with the server's text and the element. */
const streamError = (condition: string, text: string): Error =>
  Object.assign(new Error(text), { stanza: streamErrorElement(condition, text) })

for (const { version, pkg } of HOSTS) {
  describe(`stream errors after logout in xmpp-ftw ${version}`, () => {
    it('unregister, logout in the callback, then the stream error: logged, not thrown', async () => {
      const s = onlineSession(pkg)
      // node-xmpp-client's Session relays connection errors with a bound emit taken at connect.
      const relay = s.client.emit.bind(s.client, 'error')
      const calls: unknown[][] = []
      const lines = await guardLog(() => {
        s.socket.fromBrowser('xmpp.register.unregister', { to: 'shakespeare.lit' }, (...args: unknown[]) => {
          calls.push(args)
          s.socket.fromBrowser('xmpp.logout', {}, () => undefined)
        })
        s.client.reply("<iq type='result'/>", { from: 'shakespeare.lit' })
        // Prosody, ejabberd, then any other stream error or failure after logout.
        s.client.emit('error', streamError('not-authorized', 'Account deleted'))
        s.client.emit('error', streamError('conflict', 'User removed'))
        relay(new Error('XML parse error'))
        s.client.emit('error', streamErrorElement('system-shutdown', 'Bye'))
        // Values that cannot be turned into text, or whose reading throws.
        s.client.emit('error', Object.create(null))
        s.client.emit('error', { get stanza(): never { throw new Error('getter') } })
      })
      deepStrictEqual({ calls, ended: s.client.ended, lines }, {
        calls: [[null, true]],
        ended: true,
        lines: ['not-authorized (Account deleted)', 'conflict (User removed)', 'XML parse error', 'system-shutdown (Bye)', '[object Object]']
      })
    })

    it('while xmpp-ftw listens, the browser sees exactly what it sees without the plugin', async () => {
      const withPlugin = onlineSession(pkg)
      const { Xmpp } = hostModule(pkg) as unknown as { Xmpp: new (socket: FakeSocket) => { client: unknown; registerXmppEvents(): void } }
      const socket = new FakeSocket()
      const alone = new Xmpp(socket)
      const client = new FakeClient()
      alone.client = client
      alone.registerXmppEvents()
      client.emit('online', { jid: { user: 'bill', domain: 'shakespeare.lit', resource: 'globe' } })
      const errorListeners = withPlugin.client.listenerCount('error')
      const lines = await guardLog(() => {
        for (const c of [withPlugin.client, client]) {
          c.emit('error', streamError('not-authorized', 'Account deleted'))
          c.emit('offline')
        }
      })
      deepStrictEqual(
        { toBrowser: withPlugin.socket.toBrowser, errorListeners, lines },
        { toBrowser: socket.toBrowser, errorListeners: client.listenerCount('error') + 1, lines: [] }
      )
    })

    it('one guard per client however many requests; removing one event adds nothing', async () => {
      const s = onlineSession(pkg, { timeout: 50 })
      const get = (): void => s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, () => undefined)
      get()
      const wrapper = s.client.removeAllListeners
      for (let i = 0; i < 20; i++) get()
      s.client.removeAllListeners('stanza:preauth')
      const before = { same: s.client.removeAllListeners === wrapper, errorListeners: s.client.listenerCount('error') }
      await new Promise((resolve) => setTimeout(resolve, 60))
      s.client.removeAllListeners()
      s.client.removeAllListeners()
      deepStrictEqual({ before, after: s.client.listeners('error').length }, { before: { same: true, errorListeners: 1 }, after: 1 })
    })
  })
}

describe('stream errors after logout, plugin embedded in another plugin', () => {
  const Register = loadRegister('xmpp-ftw')

  it('a client the manager got after init is guarded by the first request on it', async () => {
    const manager = fakeManager()
    const register = new Register({ timeout: 50 })
    register.init(manager, true)
    const next = new FakeClient()
    manager.client = next
    const calls: unknown[][] = []
    const lines = await guardLog(() => {
      register.get({ to: 'shakespeare.lit' }, (...args: unknown[]) => { calls.push(args) })
      next.reply("<iq type='result'><query xmlns='jabber:iq:register'><registered/></query></iq>", { from: 'shakespeare.lit' })
      next.removeAllListeners()
      next.emit('error', streamError('not-authorized', 'Account deleted'))
    })
    deepStrictEqual({ calls, lines }, { calls: [[null, { registered: true, mode: 'legacy' }]], lines: ['not-authorized (Account deleted)'] })
  })

  it('anything that is not an EventEmitter is left alone', () => {
    const manager = { socket: new FakeSocket(), client: { send: () => undefined }, jid: 'bill@shakespeare.lit/globe' }
    const register = new Register({ timeout: 50 })
    register.init(manager as never, true)
    register.get({ to: 'shakespeare.lit' }, () => undefined)
    deepStrictEqual(Object.getOwnPropertyNames(manager.client), ['send'])
  })
})

describe('stream guard memory', () => {
  it('a guarded client that is dropped is garbage-collected', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const guarded = (): WeakRef<FakeClient> => {
      const client = new FakeClient()
      guardStreamErrors(client)
      client.removeAllListeners()
      return new WeakRef(client)
    }
    const refs = [guarded(), guarded(), guarded()]
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      gc()
    }
    deepStrictEqual(refs.map((ref) => ref.deref() === undefined), [true, true, true])
  })
})

describe('describeStreamError', () => {
  const CASES: Array<[string, unknown, string]> = [
    ['Prosody after removal', streamError('not-authorized', 'Account deleted'), 'not-authorized (Account deleted)'],
    ['ejabberd after removal', streamError('conflict', 'User removed'), 'conflict (User removed)'],
    ['a condition without text', Object.assign(new Error(''), { stanza: parse(`<stream:error ${STREAMS}><reset ${XSTREAMS}/></stream:error>`) }), 'reset'],
    ['the element itself', streamErrorElement('system-shutdown', 'Going down'), 'system-shutdown (Going down)'],
    ['a plain Error', new Error('Cannot bind resource'), 'Cannot bind resource'],
    ['a string', 'XMPP authentication failure', 'XMPP authentication failure'],
    ['control characters', new Error('a\nforged line\u0007'), 'a forged line'],
    ['a long text', new Error('x'.repeat(300)), `${'x'.repeat(200)}…`]
  ]
  for (const [name, error, expected] of CASES) it(name, () => equal(describeStreamError(error), expected))
})
