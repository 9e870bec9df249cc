// A client error's `request` echo holds no private value (issue 14): the pure function table-
// driven, and the four cases through the events (each failed before: the echo was the
// request itself).
import { deepStrictEqual } from 'node:assert/strict'

import Register = require('../../../src')
import { echoRequest, HIDDEN } from '../../../src/xep0077/client-error'
import { FakeSocket } from '../../support/fakes'
import { onlineSession } from '../../support/session'

describe('client error echo without private values', () => {
  const PIN = new Set(['pin'])
  // [name, request, remembered private vars, echo]
  const CASES: Array<[string, unknown, ReadonlySet<string> | undefined, unknown]> = [
    ['a non-object as it is', 'SECRET', undefined, 'SECRET'],
    ['null as it is', null, undefined, null],
    ['no private key: the same values', { to: 'a', username: 'bill' }, undefined, { to: 'a', username: 'bill' }],
    ['password, old_password and token hidden, keys kept', { to: 'a', password: 'p', old_password: 'o', token: 't' }, undefined,
      { to: 'a', password: HIDDEN, old_password: HIDDEN, token: HIDDEN }],
    ['a password that is not a string is hidden too', { password: { nested: 'p' } }, undefined, { password: HIDDEN }],
    ['the preauth of an invite URI', { invite: 'xmpp:localhost?register;preauth=T0K' }, undefined, { invite: `xmpp:localhost?register;preauth=${HIDDEN}` }],
    ['a roster invite keeps its other parameters', { invite: 'xmpp:r@x.org?roster;preauth=T;ibr=y' }, undefined, { invite: `xmpp:r@x.org?roster;preauth=${HIDDEN};ibr=y` }],
    ['a percent-encoded preauth key', { invite: 'xmpp:x.org?register;pre%61uth=T' }, undefined, { invite: `xmpp:x.org?register;pre%61uth=${HIDDEN}` }],
    ['every preauth given twice', { invite: 'xmpp:x.org?register;preauth=A;PREAUTH=B' }, undefined, { invite: `xmpp:x.org?register;preauth=${HIDDEN};PREAUTH=${HIDDEN}` }],
    ['an xmpp: URI without a query has no token', { invite: 'xmpp:x.org' }, undefined, { invite: 'xmpp:x.org' }],
    ['a bare string (a pasted token) hidden whole', { invite: 'T0K3N' }, undefined, { invite: HIDDEN }],
    ['an invite that is no string hidden whole', { invite: ['T'] }, undefined, { invite: HIDDEN }],
    ['array form: password names and text-private', { form: [{ var: 'username', value: 'u' }, { var: 'password', value: 'p' }, { var: 'x', type: 'text-private', value: ['a', 'b'] }] }, undefined,
      { form: [{ var: 'username', value: 'u' }, { var: 'password', value: HIDDEN }, { var: 'x', type: 'text-private', value: HIDDEN }] }],
    ['object form: a field the service marked private', { form: { formType: 'f', fields: [{ var: 'pin', value: '4321' }, { var: 'nick', value: 'n' }] } }, PIN,
      { form: { formType: 'f', fields: [{ var: 'pin', value: HIDDEN }, { var: 'nick', value: 'n' }] } }],
    ['a private field without a value stays as it is', { form: [{ var: 'password' }] }, undefined, { form: [{ var: 'password' }] }],
    ['a form that is no form stays', { form: 'bad' }, undefined, { form: 'bad' }]
  ]
  for (const [name, request, remembered, echo] of CASES) {
    it(name, () => deepStrictEqual(echoRequest(request, remembered), echo))
  }

  it('the request object itself is not changed', () => {
    const request = { to: 'a', password: 'p', form: [{ var: 'password', value: 'p' }] }
    echoRequest(request)
    deepStrictEqual(request, { to: 'a', password: 'p', form: [{ var: 'password', value: 'p' }] })
  })
})

describe('client errors of the events echo no private value (issue 14 cases)', () => {
  it('xmpp.register.set with a bad form', async () => {
    const s = onlineSession('xmpp-ftw', { timeout: 200 })
    deepStrictEqual(await s.call('xmpp.register.set', { to: 'shakespeare.lit', username: 'bill', password: 'SECRETPW', form: 'bad' }), [{
      type: 'modify', condition: 'client-error', description: 'Badly formatted data form',
      request: { to: 'shakespeare.lit', username: 'bill', password: HIDDEN, form: 'bad' }
    }])
  })

  it('xmpp.register.password with a character XML forbids', async () => {
    const s = onlineSession('xmpp-ftw', { timeout: 200 })
    deepStrictEqual(await s.call('xmpp.register.password', { to: 'shakespeare.lit', password: 'SECRET\u0001' }), [{
      type: 'modify', condition: 'client-error', description: "'password' key contains a character XML does not allow",
      request: { to: 'shakespeare.lit', password: HIDDEN }
    }])
  })

  const signup = () => {
    const socket = new FakeSocket()
    const attachment = Register.attachSignup({ socket }, { domains: { 'example.org': { host: '127.0.0.1', port: 1 } } })
    const call = (event: string, data: unknown): Promise<unknown[]> =>
      new Promise((resolve) => socket.fromBrowser(event, data, (...args: unknown[]) => resolve(args)))
    return { call, close: () => attachment.close() }
  }

  it('xmpp.register.account.set for a domain not configured', async () => {
    const p = signup()
    deepStrictEqual(await p.call('xmpp.register.account.set', { domain: 'other.org', username: 'u', password: 'SECRETPW' }), [{
      type: 'modify', condition: 'client-error', description: "'domain' key names a domain this server does not sign up for",
      request: { domain: 'other.org', username: 'u', password: HIDDEN }
    }])
    p.close()
  })

  it('xmpp.register.account.get with an invite for a domain not configured', async () => {
    const p = signup()
    const [error] = await p.call('xmpp.register.account.get', { invite: 'xmpp:other.org?register;preauth=SECRETTOKEN' })
    deepStrictEqual((error as { request: unknown }).request, { invite: `xmpp:other.org?register;preauth=${HIDDEN}` })
    p.close()
  })
})
