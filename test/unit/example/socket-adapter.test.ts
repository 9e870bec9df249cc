// The example's socket.io adapter for xmpp-ftw and the sign-up: payloads rewritten, the
// acknowledgement passed on, removeListener removing exactly what on() added (the sign-up
// unbinds its events with it), and removals reported by the adapter itself (socket.io reserves
// the `removeListener` event; the sign-up binds its events again after xmpp-ftw removed them).
import { deepStrictEqual } from 'node:assert/strict'
import { EventEmitter } from 'node:events'

import type { Socket } from 'socket.io'

import { socketIoAdapter } from '../../../examples/web/socket-adapter'

const RESERVED: ReadonlySet<string | symbol> = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'])

/**
 * A socket.io server socket as far as the adapter uses it: an emitter whose `emit` sends to the
 * browser and throws for socket.io's reserved names (socket.io/dist/socket.js); what the
 * browser sends arrives through the emitter's own emit (`receive`).
 */
class IoSocket extends EventEmitter {
  readonly sent: unknown[][] = []
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (RESERVED.has(event)) throw new Error(`"${String(event)}" is a reserved event name`)
    this.sent.push([event, ...args])
    return true
  }

  receive(event: string, ...args: unknown[]): void {
    super.emit(event, ...args)
  }
}
const fakeSocket = (): IoSocket & Socket => new IoSocket() as IoSocket & Socket

type Handler = (data: unknown, callback?: unknown) => void

/** A fake socket.io socket in the adapter, with `bindings` added through the adapter in order. */
const adapterWith = (bindings: Array<[string, Handler]>): { socket: IoSocket & Socket; adapter: ReturnType<typeof socketIoAdapter> } => {
  const socket = fakeSocket()
  const adapter = socketIoAdapter(socket)
  for (const [event, handler] of bindings) adapter.on(event, handler)
  return { socket, adapter }
}

describe('example socket.io adapter', () => {
  it('passes the payload through rewrite, and the acknowledgement on', () => {
    const socket = fakeSocket()
    const adapter = socketIoAdapter(socket, (event, data) => (event === 'xmpp.login' ? { pinned: data } : data))
    const seen: unknown[] = []
    adapter.on('xmpp.login', (data, ack) => seen.push([data, ack]))
    adapter.on('xmpp.register.get', (data, ack) => seen.push([data, ack]))
    const ack = (): void => undefined
    socket.receive('xmpp.login', { jid: 'a' }, ack)
    socket.receive('xmpp.register.get', { to: 'b' })
    deepStrictEqual(seen, [[{ pinned: { jid: 'a' } }, ack], [{ to: 'b' }, undefined]])
  })

  it('removeListener removes one registration of that handler for that event, and nothing else', () => {
    const calls: string[] = []
    const one = (): void => { calls.push('one') }
    const two = (): void => { calls.push('two') }
    const { socket, adapter } = adapterWith([['disconnect', one], ['disconnect', one], ['disconnect', two], ['end', one]])
    adapter.removeListener('disconnect', one)
    socket.receive('disconnect')
    adapter.removeListener('disconnect', one)
    adapter.removeListener('disconnect', one)
    adapter.removeListener('other', two)
    socket.receive('disconnect')
    socket.receive('end')
    deepStrictEqual({ calls, disconnect: socket.listenerCount('disconnect'), end: socket.listenerCount('end') }, {
      calls: ['one', 'two', 'two', 'one'],
      disconnect: 1,
      end: 1
    })
  })

  it('after removeAllListeners(event) a removeListener of that event removes nothing added later by others', () => {
    const socket = fakeSocket()
    const adapter = socketIoAdapter(socket)
    const calls: string[] = []
    const handler = (): void => { calls.push('handler') }
    adapter.on('disconnect', handler)
    adapter.removeAllListeners('disconnect')
    const other = (): void => { calls.push('other') }
    socket.on('disconnect', other)
    adapter.removeListener('disconnect', handler)
    socket.receive('disconnect')
    deepStrictEqual(calls, ['other'])
  })

  it('reports removals itself, with the handler as it was added (socket.io throws for its reserved removeListener event)', () => {
    const removed: unknown[] = []
    const report = (event: unknown, handler: unknown): void => { removed.push([event, handler]) }
    const one = (): void => undefined
    const two = (): void => undefined
    const { socket, adapter } = adapterWith([['removeListener', report], ['disconnect', one], ['disconnect', two], ['xmpp.login', one]])
    adapter.removeAllListeners('disconnect')
    adapter.removeListener('xmpp.login', one)
    adapter.removeListener('xmpp.login', one)
    adapter.removeListener('removeListener', report)
    adapter.on('xmpp.login', two)
    adapter.removeListener('xmpp.login', two)
    deepStrictEqual({ removed, sent: socket.sent, listeners: socket.eventNames() }, {
      removed: [['disconnect', one], ['disconnect', two], ['xmpp.login', one]],
      sent: [],
      listeners: []
    })
  })

  it('send: to the browser, with the callback as socket.io\'s acknowledgement', () => {
    const socket = fakeSocket()
    const adapter = socketIoAdapter(socket)
    const callback = (): void => undefined
    adapter.send('xmpp.connection', { status: 'online' })
    adapter.send('xmpp.register.account.get', { domain: 'localhost' }, callback)
    deepStrictEqual(socket.sent, [['xmpp.connection', { status: 'online' }], ['xmpp.register.account.get', { domain: 'localhost' }, callback]])
  })
})
