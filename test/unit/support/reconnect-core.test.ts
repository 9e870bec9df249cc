// The test-only reconnect-core stand-in (test/support/reconnect-core) that node-xmpp-core 5
// runs on under xmpp-ftw: plain connects as before, and the socket swap STARTTLS does
// (Connection#setSecure calls listen({ socket: tlsSocket, preserve: 'on' }) while connected).
import { deepStrictEqual, equal } from 'node:assert/strict'
import { EventEmitter } from 'node:events'

import FakeTimers from '@sinonjs/fake-timers'

type Emitter = EventEmitter & {
  connected: boolean
  reconnect: boolean
  listen(...args: unknown[]): Emitter
  end(): Emitter
}
type Reconnect = (create: (...args: unknown[]) => EventEmitter) => (opts: object) => Emitter
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reconnect = require('../../support/reconnect-core') as Reconnect

/** A socket as reconnect-core sees one: events, and end(). */
class FakeStream extends EventEmitter {
  constructor(readonly name: string) { super() }
  ended = false
  end(): void { this.ended = true }
}

/** A connection whose createConnection hands out the sockets `names`, in order; everything logged. */
const setUp = (...names: string[]): { emitter: Emitter; log: unknown[][]; calls: unknown[][]; sockets: FakeStream[] } => {
  const log: unknown[][] = []
  const calls: unknown[][] = []
  const sockets = names.map((name) => new FakeStream(name))
  const queue = [...sockets]
  const emitter = reconnect((...args) => {
    calls.push(args)
    const next = queue.shift()
    if (!next) throw new Error('no socket left')
    return next
  })({ emitter: new EventEmitter(), initialDelay: 1000 })
  const name = (value: unknown): unknown => (value instanceof FakeStream ? value.name : value)
  for (const event of ['reconnect', 'connect', 'connection', 'disconnect', 'backoff']) {
    emitter.on(event, (...args: unknown[]) => log.push([event, ...args.map(name)]))
  }
  return { emitter, log, calls, sockets }
}

describe('reconnect-core stand-in (node-xmpp-core 5 under xmpp-ftw)', () => {
  let clock: ReturnType<typeof FakeTimers.install>
  beforeEach(() => { clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] }) })
  afterEach(() => clock.uninstall())

  it('plain connect: one attempt, connected on the socket\'s connect; listen() again does nothing', () => {
    const { emitter, log, calls, sockets: [plain] } = setUp('plain')
    const options = { socket: 'lazy' }
    emitter.listen(options)
    equal(emitter.connected, false)
    plain!.emit('connect')
    emitter.listen()
    deepStrictEqual({ connected: emitter.connected, calls, log }, {
      connected: true,
      calls: [[options]],
      log: [['reconnect', 0, 0], ['connect', 'plain'], ['connection', 'plain']]
    })
  })

  it('STARTTLS: listen({ socket, preserve }) while connected swaps to the new socket, connected on its connect', () => {
    const { emitter, log, calls, sockets: [plain, tls] } = setUp('plain', 'tls')
    const first = { socket: 'lazy' }
    const swap = { socket: 'tls', preserve: 'on' }
    emitter.listen(first)
    plain!.emit('connect')
    emitter.listen(swap)
    const during = { connected: emitter.connected, log: log.splice(0) }
    tls!.emit('connect')
    // The plain socket now belongs to the TLS socket: its events no longer count.
    plain!.emit('close')
    deepStrictEqual({ during, connected: emitter.connected, calls, log, ended: [plain!.ended, tls!.ended] }, {
      during: { connected: false, log: [['reconnect', 0, 0], ['connect', 'plain'], ['connection', 'plain'], ['reconnect', 0, 0]] },
      connected: true,
      calls: [[first], [swap]],
      log: [['connect', 'tls'], ['connection', 'tls']],
      ended: [false, false]
    })
    emitter.end()
    deepStrictEqual([plain!.ended, tls!.ended], [false, true])
  })

  it('a failed TLS handshake (error before connect) is a disconnect with the error; no retry once reconnect is off', () => {
    const { emitter, log, sockets: [plain, tls] } = setUp('plain', 'tls')
    emitter.listen({ socket: 'lazy' })
    plain!.emit('connect')
    emitter.listen({ socket: 'tls', preserve: 'on' })
    emitter.reconnect = false // node-xmpp-core turns it off on 'reconnect' unless asked to reconnect
    const failure = new Error('Hostname/IP doesn\'t match certificate\'s altnames')
    tls!.emit('error', failure)
    tls!.emit('close')
    deepStrictEqual({ connected: emitter.connected, log: log.slice(3), timers: clock.countTimers() }, {
      connected: false,
      log: [['reconnect', 0, 0], ['disconnect', failure]],
      timers: 0
    })
  })

  it('a reconnect after the swap calls createConnection with the swap\'s arguments (node-xmpp-core restores from them)', () => {
    const { emitter, log, calls, sockets: [plain, tls, again] } = setUp('plain', 'tls', 'again')
    const swap = { socket: 'tls', preserve: 'on' }
    emitter.listen({ socket: 'lazy' })
    plain!.emit('connect')
    emitter.listen(swap)
    tls!.emit('connect')
    tls!.emit('end')
    clock.tick(1000)
    again!.emit('connect')
    deepStrictEqual({ connected: emitter.connected, third: calls[2], log: log.slice(6) }, {
      connected: true,
      third: [swap],
      log: [['disconnect', undefined], ['backoff', 1, 1000], ['reconnect', 1, 1000], ['connect', 'again'], ['connection', 'again']]
    })
  })

  // A socket that ends, then reports ECONNRESET (seen on a TLS socket after a logout in the
  // page's password check): the error came with no listener left and ended the test process.
  it('an error after the socket ended or closed is swallowed, never thrown', () => {
    for (const first of ['end', 'close']) {
      const { emitter, sockets: [plain] } = setUp('plain')
      emitter.listen({})
      plain!.emit('connect')
      emitter.end()
      plain!.emit(first)
      plain!.emit('error', new Error('read ECONNRESET'))
      equal(plain!.listenerCount('error') > 0, true, first)
    }
  })
})
