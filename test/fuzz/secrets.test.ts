// No password or token ever reaches the browser (issue 14): requests carrying generated secrets
// in every place a request can hold one (XEP-0077's password keys, a XEP-0445 token, the
// preauth of a XEP-0401 invite URI, private fields of either form style), most of them broken
// in some way so that they come back as client errors, through all the post-login and sign-up
// events; every callback's and every `xmpp.error.client`'s JSON is searched for the secret.
import { equal, ok } from 'node:assert/strict'

import fc from 'fast-check'

import Register = require('../../src')
import { FakeSocket } from '../support/fakes'
import { FakeXmppServer, features, lastIq, REGISTER_FEATURE, serve, TOKEN_FEATURE } from '../support/fake-xmpp-server'
import { EVENTS, fuzzSession } from './harness'

const runs = Number(process.env.FUZZ_RUNS ?? 3000)

/** A secret no other part of a request or reply contains. */
const secret = (): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'), minLength: 8, maxLength: 16 }).map((s) => `Zq${s}`)

type Placement = (secret: string) => Record<string, unknown>

/** Every place of a request that holds a private value. */
const PLACEMENTS: Placement[] = [
  (s) => ({ password: s }),
  (s) => ({ old_password: s }),
  (s) => ({ token: s }),
  (s) => ({ invite: `xmpp:localhost?register;preauth=${s}` }),
  (s) => ({ invite: `xmpp:juliet@localhost?register;preauth=${s};x=1` }),
  (s) => ({ invite: `xmpp:romeo@localhost?roster;preauth=${s};ibr=y` }),
  (s) => ({ invite: `xmpp:romeo@localhost?roster;pre%61uth=${s};ibr=n` }),
  (s) => ({ invite: s }),
  (s) => ({ form: [{ var: 'username', value: 'juliet' }, { var: 'password', value: s }] }),
  (s) => ({ form: [{ var: 'old_password', value: [s] }] }),
  (s) => ({ form: [{ var: 'pin', type: 'text-private', value: s }] }),
  (s) => ({ form: { formType: 'jabber:iq:register', fields: [{ var: 'pin', type: 'text-private', value: s }] } }),
  (s) => ({ form: { fields: [{ var: 'password', value: s, required: true }, { var: 'age', value: 'x', validate: { datatype: 'xs:integer' } }] } })
]

/** What else the request has: most of these make it a client error. */
const BREAKERS: Array<Record<string, unknown>> = [
  {},
  { to: 5 },
  { to: '' },
  { domain: 'not-configured.example' },
  { domain: 5 },
  { form: 'bad' },
  { form: [{ var: 'x', value: { nested: true } }] },
  { username: '\u0000' },
  { token: 'has space', invite: 'xmpp:localhost?register;preauth=abc' },
  { email: 'a'.repeat(70000) }
]

const request = (): fc.Arbitrary<{ secret: string; data: Record<string, unknown>; callback: boolean }> =>
  fc.record({
    secret: secret(),
    placements: fc.subarray(PLACEMENTS.map((_, i) => i), { minLength: 1, maxLength: 3 }),
    breaker: fc.constantFrom(...BREAKERS),
    callback: fc.boolean()
  }).map(({ secret, placements, breaker, callback }) => {
    const data: Record<string, unknown> = { to: 'shakespeare.lit', domain: 'localhost' }
    for (const i of placements) Object.assign(data, PLACEMENTS[i]!(secret))
    // The breaker's keys come first only where they do not overwrite a secret's place.
    for (const [key, value] of Object.entries(breaker)) if (!(key in data) || key === 'to' || key === 'domain') data[key] = value
    return { secret, data, callback }
  })

const leaks = (what: unknown, secret: string): boolean => JSON.stringify(what ?? null).includes(secret)

describe(`secrets never reach the browser (${runs} cases post-login, ${Math.ceil(runs / 10)} sign-up)`, function () {
  this.timeout(300000)

  it('post-login events: no callback or xmpp.error.client holds a password, token or private value', () => {
    let clientErrors = 0
    fc.assert(fc.property(fc.constantFrom(...EVENTS), request(), (event, { secret, data, callback }) => {
      const s = fuzzSession()
      const calls: unknown[][] = []
      s.socket.fromBrowser(event, data, callback ? (...args: unknown[]) => { calls.push(args) } : undefined)
      s.client.emit('offline')
      if (callback) equal(calls.length, 1)
      else equal(s.socket.toBrowser.length, 1)
      const error = (calls[0]?.[0] ?? s.socket.toBrowser[0]?.data) as { condition?: string } | undefined
      if (error?.condition === 'client-error') clientErrors++
      ok(!leaks(calls, secret), JSON.stringify(calls))
      ok(!leaks(s.socket.toBrowser, secret), JSON.stringify(s.socket.toBrowser))
    }), { numRuns: runs })
    ok(clientErrors > runs / 2, `only ${clientErrors} client errors`)
  })

  it('sign-up events: no callback or xmpp.error.client holds a password, token or private value', async () => {
    // The server refuses every set echoing the submitted query (as ejabberd does).
    const server = new FakeXmppServer(serve(features(REGISTER_FEATURE, TOKEN_FEATURE), (id, received) => {
      const iq = lastIq(received)
      if (!iq.includes('type="set"')) return `<iq type='result' id='${id}'><query xmlns='jabber:iq:register'><username/><password/></query></iq>`
      const query = iq.slice(iq.indexOf('<query'), iq.indexOf('</query>') + '</query>'.length)
      return `<iq type='error' id='${id}'>${query}<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`
    }))
    const port = await server.listen()
    let clientErrors = 0
    try {
      await fc.assert(fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('xmpp.register.account.get', 'xmpp.register.account.set'), request()), { minLength: 1, maxLength: 3 }),
        async (steps) => {
          const socket = new FakeSocket()
          const signup = Register.attachSignup({ socket }, {
            domains: { localhost: { host: '127.0.0.1', port, tls: 'optional' } },
            timeout: 1000,
            limits: false
          })
          try {
            for (const [event, { secret, data, callback }] of steps) {
              const before = socket.toBrowser.length
              const calls = await new Promise<unknown[][]>((resolve) => {
                if (!callback) {
                  socket.fromBrowser(event, data)
                  resolve([])
                } else {
                  socket.fromBrowser(event, data, (...args: unknown[]) => resolve([args]))
                }
              })
              if (!callback) equal(socket.toBrowser.length, before + 1)
              const error = (calls[0]?.[0] ?? socket.toBrowser[before]?.data) as { condition?: string } | undefined
              if (error?.condition === 'client-error') clientErrors++
              ok(!leaks(calls, secret), JSON.stringify(calls))
              ok(!leaks(socket.toBrowser, secret), JSON.stringify(socket.toBrowser))
            }
          } finally {
            signup.close()
          }
        }), { numRuns: Math.ceil(runs / 10) })
    } finally {
      await server.close()
    }
    ok(clientErrors > 0)
  })
})
