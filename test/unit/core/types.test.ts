// The public types as other plugins import them (checked by `npm run typecheck`), and the
// CommonJS shape of the entry point.
import { deepStrictEqual, equal } from 'node:assert/strict'
import { EventEmitter } from 'node:events'

import Register = require('../../../src')
import type { DataForm, GetResult, RegisterError, SetRequest, StanzaError } from '../../../src'
import DefaultRegister from '../../../src'

describe('public types and entry point', () => {
  it('require() gives the class, with the 1.x constants', () => {
    equal(typeof Register, 'function')
    equal(DefaultRegister, Register)
    equal(Register.NS, 'jabber:iq:register')
    equal(Register.NS_CANCEL, 'jabber:iq:register:cancel')
    equal(Register.NS_CHANGE_PASSWORD, 'jabber:iq:register:changepassword')
  })

  it('types describe the JSON of each event', () => {
    const request: SetRequest = { to: 'example.org', username: 'bill', form: { formType: 'urn:x', fields: [{ var: 'a', value: ['b', 1, true] }] } }
    const form: DataForm = { formType: 'jabber:iq:register', fields: [{ var: 'username', type: 'text-single', required: true }] }
    const result: GetResult = { registered: true, username: 'bill', email: true, form, mode: 'form' }
    const error: StanzaError = { type: 'cancel', condition: 'conflict', form }
    const any: RegisterError = error
    const ns: Register.RegistrationField = 'zip'
    equal([request.to, result.username, any.condition, ns].join(' '), 'example.org bill conflict zip')
  })

  it('the form from get, filled in, goes back as the form of set (README round trip)', () => {
    const data: GetResult = { form: { formType: 'http://jabber.org/protocol/muc#register', fields: [{ var: 'muc#register_roomnick', type: 'text-single' }] }, mode: 'form' }
    const form = data.form!
    const nick = form.fields.find((f) => f.var === 'muc#register_roomnick')
    if (nick) nick.value = 'bill'
    const set: SetRequest = { to: 'room@conference.example.org', form }
    const mixed: SetRequest = { to: 'room@conference.example.org', form: [...form.fields, { var: 'x-age', value: 42 }] }
    equal(JSON.stringify([set.form, mixed.form]), JSON.stringify([form, [{ var: 'muc#register_roomnick', type: 'text-single', value: 'bill' }, { var: 'x-age', value: 42 }]]))
  })
})

describe('Register.SignupHost accepts the sockets xmpp-ftw is given (no casts)', () => {
  const options: Register.SignupOptions = { domains: { 'example.org': { host: 'xmpp.example.org' } } }
  const CANCEL = 'xmpp.register.account.cancel'
  /** What a browser's cancel gets back through `socket`, which delivers events as `emitter` receives them. */
  const cancelThrough = (emitter: EventEmitter): Promise<unknown[]> =>
    new Promise((resolve) => emitter.emit(CANCEL, {}, (...args: unknown[]) => resolve(args)))

  it('a Node EventEmitter with send (as the tests’ FakeSocket)', async () => {
    class PlainSocket extends EventEmitter {
      send(_event: string, _data: unknown): void { /* to the browser */ }
    }
    const xmpp = { socket: new PlainSocket() }
    const signup = Register.attachSignup(xmpp, options)
    deepStrictEqual(await cancelThrough(xmpp.socket), [null, true])
    signup.close()
    equal(xmpp.socket.listenerCount(CANCEL), 0)
  })

  it('the README’s socket.io adapter object', async () => {
    // The README's adapter (socket.io's Socket: emit with acknowledgements, on, off), over an emitter.
    type Handler = (...args: unknown[]) => void
    const socketIoAdapter = (socket: EventEmitter & { disconnect(close: boolean): void }) => ({
      send: (event: string, data: unknown, callback?: Handler) => {
        if (callback) socket.emit(event, data, callback)
        else socket.emit(event, data)
      },
      on: (event: string, handler: Handler) => { socket.on(event, handler) },
      removeListener: (event: string, handler: Handler) => { socket.off(event, handler) },
      removeAllListeners: (event?: string) => { socket.removeAllListeners(event) },
      end: () => { socket.disconnect(true) }
    })
    const socket = Object.assign(new EventEmitter(), { disconnect: (): void => undefined })
    const xmpp = { socket: socketIoAdapter(socket), addListener: (_plugin: unknown): void => undefined }
    const host: Register.SignupHost = xmpp
    const signup = Register.attachSignup(host, options)
    deepStrictEqual(await cancelThrough(socket), [null, true])
    signup.close()
    equal(socket.listenerCount(CANCEL), 0)
  })
})
