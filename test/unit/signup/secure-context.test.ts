// Issue 19: one TLS SecureContext per configured CA list, made once and reused by every STARTTLS
// that verifies with it (the operator's CA is parsed once, not per connection, nor per socket
// that attaches the same configuration); a configuration with other CAs, or a changed `ca`,
// makes a new one. Certificate checks themselves are covered in ./identity.test.ts (a CA that
// did not sign, a wrong name, a wildcard too deep, an expired certificate) and against the TLS
// Prosody (test/integration/signup.test.ts).
import { equal, notEqual, ok } from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as Tls from 'node:tls'

import { resolveSignupConfig, serverFor, type SignupConfig } from '../../../src/signup/config'
import { openStream } from '../../../src/signup/connect'
import { loadXmppLibrary } from '../../../src/signup/library'
import { MIN_TLS_VERSION, secureContextFor } from '../../../src/signup/secure-context'
import { FakeXmppServer, features, HEADER, REGISTER_FEATURE, STARTTLS_FEATURE, type Script } from '../../support/fake-xmpp-server'
import { assertNothingLeft, snapshot } from '../../support/handles'

// The module object itself (its `connect` is read at each call by connect.ts): spied on below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tls = require('node:tls') as typeof Tls

const CA = readFileSync(join(__dirname, '..', '..', 'fixtures', 'tls', 'ca.crt'), 'utf8')
const DOMAIN = 'localhost'

/** Offers STARTTLS, says proceed, then drops the connection (the handshake fails at once). */
const proceedThenDrop: Script = (received, socket) => {
  if (received.includes('<starttls')) {
    socket.end("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", () => socket.destroy())
    return undefined
  }
  return received.includes('<stream:stream') ? HEADER + features(STARTTLS_FEATURE, REGISTER_FEATURE) : undefined
}

const serverOf = (config: SignupConfig) => serverFor(config, DOMAIN)!.server

describe('TLS context of a configured sign-up server', () => {
  it('is made once per server entry and reused', () => {
    const server = serverOf(resolveSignupConfig({ domains: { [DOMAIN]: { host: '127.0.0.1', ca: CA } } }))
    const context = secureContextFor(server)
    ok(context instanceof Object && 'context' in context)
    equal(secureContextFor(server), context)
  })

  it('the same CAs attached again (one configuration per socket): the same context; other CAs, or a changed ca: a new one', () => {
    const first = serverOf(resolveSignupConfig({ domains: { [DOMAIN]: { host: '127.0.0.1', ca: CA } } }))
    const again = serverOf(resolveSignupConfig({ domains: { [DOMAIN]: { host: '127.0.0.1', ca: CA } } }))
    equal(secureContextFor(again), secureContextFor(first))
    const asBuffer = serverOf(resolveSignupConfig({ domains: { [DOMAIN]: { host: 'other', ca: Buffer.from(CA) } } }))
    equal(secureContextFor(asBuffer), secureContextFor(first))
    const twice = serverOf(resolveSignupConfig({ domains: { [DOMAIN]: { host: '127.0.0.1', ca: [CA, CA] } } }))
    notEqual(secureContextFor(twice), secureContextFor(first))
    const system = serverOf(resolveSignupConfig({ domains: { [DOMAIN]: { host: '127.0.0.1' } } }))
    notEqual(secureContextFor(system), secureContextFor(first))
    const before = secureContextFor(first)
    first.ca = [CA, CA]
    const after = secureContextFor(first)
    notEqual(after, before)
    equal(after, secureContextFor(twice))
    equal(secureContextFor(first), after)
  })

  it('without a ca: the system CAs, one context for every such server', () => {
    const server = serverOf(resolveSignupConfig({ domains: { [DOMAIN]: { host: '127.0.0.1' } } }))
    const other = serverOf(resolveSignupConfig({ domains: { [DOMAIN]: { host: 'elsewhere' } } }))
    equal(secureContextFor(server), secureContextFor(server))
    equal(secureContextFor(other), secureContextFor(server))
  })

  describe('STARTTLS', () => {
    let fake: FakeXmppServer | undefined
    let baseline: Record<string, number> = {}
    const realConnect = tls.connect
    afterEach(async () => {
      tls.connect = realConnect
      await fake?.close()
      fake = undefined
      await assertNothingLeft(baseline)
    })

    it('two connections to the same server use the same context; a configuration with other CAs another', async () => {
      baseline = await snapshot()
      fake = new FakeXmppServer(proceedThenDrop)
      const port = await fake.listen()
      const used: Array<Tls.ConnectionOptions> = []
      tls.connect = ((options: Tls.ConnectionOptions) => {
        used.push(options)
        return realConnect(options)
      }) as typeof tls.connect
      const options = { domains: { [DOMAIN]: { host: '127.0.0.1', port, ca: CA } }, timeout: 2000 }
      const config = resolveSignupConfig(options)
      const lib = await loadXmppLibrary()
      for (let i = 0; i < 2; i++) {
        const outcome = await openStream(lib, DOMAIN, serverOf(config), config)
        equal('error' in outcome && outcome.error.condition, 'tls-failure')
      }
      const other = resolveSignupConfig({ ...options, domains: { [DOMAIN]: { host: '127.0.0.1', port, ca: [CA, CA] } } })
      await openStream(lib, DOMAIN, serverOf(other), other)
      equal(used.length, 3)
      ok(used[0]!.secureContext !== undefined)
      equal(used[1]!.secureContext, used[0]!.secureContext)
      equal(used[0]!.secureContext, secureContextFor(serverOf(config)))
      notEqual(used[2]!.secureContext, used[0]!.secureContext)
      // The name is still checked against the domain, with TLS 1.2 at least.
      for (const o of used) equal(o.host, DOMAIN)
      equal(MIN_TLS_VERSION, 'TLSv1.2')
    })
  })
})
