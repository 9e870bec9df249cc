// The public types as other plugins import them (checked by `npm run typecheck`), and the
// CommonJS shape of the entry point.
import { equal } from 'node:assert/strict'

import Register = require('../../src')
import type { DataForm, GetResult, RegisterError, SetRequest, StanzaError } from '../../src'
import DefaultRegister from '../../src'

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
