// The example's socket.io adapter for xmpp-ftw and the sign-up: payloads rewritten, the
// acknowledgement passed on, and removeListener removing exactly what on() added (the sign-up
// unbinds its events with it).
import { deepStrictEqual } from 'node:assert/strict'
import { EventEmitter } from 'node:events'

import type { Socket } from 'socket.io'

import { socketIoAdapter } from '../../examples/web/socket-adapter'

/** A socket.io server socket as far as the adapter uses it: an emitter. */
const fakeSocket = (): EventEmitter & Socket => new EventEmitter() as EventEmitter & Socket

describe('example socket.io adapter', () => {
  it('passes the payload through rewrite, and the acknowledgement on', () => {
    const socket = fakeSocket()
    const adapter = socketIoAdapter(socket, (event, data) => (event === 'xmpp.login' ? { pinned: data } : data))
    const seen: unknown[] = []
    adapter.on('xmpp.login', (data, ack) => seen.push([data, ack]))
    adapter.on('xmpp.register.get', (data, ack) => seen.push([data, ack]))
    const ack = (): void => undefined
    socket.emit('xmpp.login', { jid: 'a' }, ack)
    socket.emit('xmpp.register.get', { to: 'b' })
    deepStrictEqual(seen, [[{ pinned: { jid: 'a' } }, ack], [{ to: 'b' }, undefined]])
  })

  it('removeListener removes one registration of that handler for that event, and nothing else', () => {
    const socket = fakeSocket()
    const adapter = socketIoAdapter(socket)
    const calls: string[] = []
    const one = (): void => { calls.push('one') }
    const two = (): void => { calls.push('two') }
    adapter.on('disconnect', one)
    adapter.on('disconnect', one)
    adapter.on('disconnect', two)
    adapter.on('end', one)
    adapter.removeListener('disconnect', one)
    socket.emit('disconnect')
    adapter.removeListener('disconnect', one)
    adapter.removeListener('disconnect', one)
    adapter.removeListener('other', two)
    socket.emit('disconnect')
    socket.emit('end')
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
    socket.emit('disconnect')
    deepStrictEqual(calls, ['other'])
  })
})
