// The sign-up stream (XEP-0077 before login, XEP-0445 tokens, XEP-0401 invites) against real
// servers with STARTTLS required, Prosody 0.12 and ejabberd 23.01 (one table, each server's own
// replies): open registration, conflicts, certificate checks, the TLS policy against the
// plaintext instances; then Prosody's invite-only registration. Each account then logs in;
// nothing is left open.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { resolveSignupConfig, type SignupConfig, type TlsPolicy } from '../../src/signup/config'
import { parseInvite } from '../../src/signup/invite'
import { registrationMode } from '../../src/xep0077/replies'
import { SignupStream, signupStreamCount } from '../../src/signup/stream'
import type { SignupCommand } from '../../src/signup/validate'
import type { Outcome, RegistrationMode } from '../../src/signup/types'
import type { GetResult, StanzaError } from '../../src/core/types'
import { assertNothingLeft, snapshot } from '../support/handles'
import { saslLogin } from '../support/sasl-login'
import { uniqueUser } from './browser'
import { EJABBERD, TLS_EJABBERD } from './ejabberd'
import { FORBIDDEN_TOKEN, INVITE_ONLY, INVITE_PROSODY, PROSODY_GET, SERVER, TLS_PROSODY } from './prosody'
import type { ServerInstance, TestServer } from './servers'

const DOMAIN = SERVER.domain

/** A test body that must leave nothing behind: no sign-up stream counted, no socket or timer more than before. */
const leavesNothing = (body: () => Promise<void>) => async (): Promise<void> => {
  const baseline = await snapshot()
  await body()
  await assertNothingLeft(baseline)
  equal(signupStreamCount(), 0)
}

const configFor = (port: number, ca: Buffer | undefined, extra: Record<string, unknown> = {}, tls: TlsPolicy = 'required'): SignupConfig =>
  resolveSignupConfig({ domains: { [DOMAIN]: { host: SERVER.host, port, tls, ...(ca === undefined ? {} : { ca }) } }, timeout: 5000, ...extra })

const opened = (outcome: Outcome<SignupStream>): SignupStream => {
  if ('error' in outcome) throw new Error(`sign-up stream not opened: ${JSON.stringify(outcome.error)}`)
  return outcome.data
}

const account = (username: string, password: string): SignupCommand =>
  ({ fields: [{ name: 'username', value: username }, { name: 'password', value: password }] })

/** The same account as a XEP-0004 form, as Prosody's form asks for it. */
const accountForm = (username: string, password: string): SignupCommand => ({
  fields: [],
  form: { formType: 'jabber:iq:register', fields: [{ var: 'username', values: [username] }, { var: 'password', values: [password] }] }
})

/** What ejabberd 23.01 answers to a get before login: instructions and legacy fields, no form. */
const EJABBERD_GET: GetResult = {
  instructions: 'Choose a username and password to register with this server',
  username: true,
  password: true,
  mode: 'legacy'
}

const NO_TOKENS = { type: 'cancel', condition: 'feature-not-implemented', description: 'localhost does not accept invite tokens (XEP-0445)' }
const UNVERIFIED = { type: 'cancel', condition: 'tls-failure', description: 'TLS with the server of localhost failed: unable to verify the first certificate' }
const NO_STARTTLS = { type: 'cancel', condition: 'tls-failure', description: 'The server of localhost does not offer STARTTLS, and TLS is required' }

/** A server the sign-up runs against, and what it answers. */
interface SignupServerCase {
  name: string
  /** Its variant with STARTTLS required (a certificate for `localhost` from a private CA). */
  tls: ServerInstance
  /** Its plaintext instance (the post-login tests' one). */
  plain: TestServer
  /** The prefix of the variables that name its CAs (`<prefix>_CA`, `<prefix>_WRONG_CA`). */
  env: string
  /** Its answer to a get, and the mode it means. */
  get: GetResult
  mode: RegistrationMode
  /** An account as the mode asks for it. */
  command: (username: string, password: string) => SignupCommand
  /** Its answer to a taken username. */
  conflict: StanzaError
}

const SIGNUP_SERVERS: SignupServerCase[] = [
  {
    name: 'Prosody 0.12',
    tls: TLS_PROSODY,
    plain: SERVER,
    env: 'PROSODY',
    get: PROSODY_GET,
    mode: 'form',
    command: accountForm,
    conflict: { type: 'cancel', condition: 'conflict', description: 'The requested username already exists.' }
  },
  {
    name: 'ejabberd 23.01',
    tls: TLS_EJABBERD,
    plain: EJABBERD,
    env: 'EJABBERD',
    get: EJABBERD_GET,
    mode: 'legacy',
    command: account,
    conflict: { type: 'cancel', condition: 'conflict', description: 'User already exists' }
  }
]

before(function () {
  this.timeout(120000)
  for (const server of SIGNUP_SERVERS) {
    server.tls.start()
    server.plain.start()
  }
  INVITE_PROSODY.start()
})
after(function () {
  this.timeout(60000)
  for (const server of SIGNUP_SERVERS) {
    server.tls.stop()
    server.plain.stop()
  }
  INVITE_PROSODY.stop()
})

for (const server of SIGNUP_SERVERS) {
  describe(`sign-up stream against ${server.name} with STARTTLS required`, function () {
    this.timeout(20000)
    let config: SignupConfig
    before(() => { config = configFor(server.tls.port, server.tls.pem(`${server.env}_CA`)) })

    it(`open registration (${server.mode}): TLS, get, set; the stream closes after the account; the account logs in`, leavesNothing(async () => {
      const stream = opened(await SignupStream.open(DOMAIN, config))
      deepStrictEqual([stream.secure, stream.features], [true, { register: true, preauth: false }])
      equal(signupStreamCount(), 1)
      const get = await stream.get()
      deepStrictEqual(get, { data: server.get })
      equal('data' in get && registrationMode(get.data), server.mode)
      const user = uniqueUser('signup')
      deepStrictEqual(await stream.register(server.command(user, 'pw-1')), { data: { registered: true, jid: `${user}@${DOMAIN}` } })
      equal(stream.isOpen, false)
      deepStrictEqual(await stream.get(), { error: { type: 'connection', condition: 'disconnected', description: 'The sign-up stream was closed' } })
      equal(await saslLogin(config, DOMAIN, user, 'pw-1'), 'success')
      equal(await saslLogin(config, DOMAIN, user, 'pw-2'), 'failure:not-authorized')
    }))

    it('a taken username is a conflict and the stream stays open for another try', leavesNothing(async () => {
      const user = uniqueUser('taken')
      const first = opened(await SignupStream.open(DOMAIN, config))
      deepStrictEqual(await first.register(account(user, 'pw-1')), { data: { registered: true, jid: `${user}@${DOMAIN}` } })
      const second = opened(await SignupStream.open(DOMAIN, config))
      deepStrictEqual(await second.register(server.command(user, 'pw-2')), { error: server.conflict })
      equal(second.isOpen, true)
      const other = uniqueUser('taken')
      deepStrictEqual(await second.register(account(other, 'pw-2')), { data: { registered: true, jid: `${other}@${DOMAIN}` } })
      equal(await saslLogin(config, DOMAIN, user, 'pw-1'), 'success')
      equal(await saslLogin(config, DOMAIN, other, 'pw-2'), 'success')
    }))

    // ejabberd answers a <preauth/> before login with a not-authorized stream error: the
    // token must not be sent to a server that does not advertise token registration.
    it('a token for a server without token registration: feature-not-implemented, the stream stays usable', leavesNothing(async () => {
      const stream = opened(await SignupStream.open(DOMAIN, config))
      deepStrictEqual(await stream.preauth('some-token'), { error: NO_TOKENS })
      deepStrictEqual(await stream.get(), { data: server.get })
      await stream.close()
    }))

    const TLS_FAILURES: Array<{ name: string; ca: () => Buffer | undefined }> = [
      { name: 'a CA that did not sign the certificate', ca: () => server.tls.pem(`${server.env}_WRONG_CA`) },
      { name: "the system's CAs (the test CA is private)", ca: () => undefined }
    ]
    for (const { name, ca } of TLS_FAILURES) {
      it(`tls-failure with ${name}; nothing opened`, leavesNothing(async () => {
        deepStrictEqual(await SignupStream.open(DOMAIN, configFor(server.tls.port, ca())), { error: UNVERIFIED })
      }))
    }

    it('TLS policy: required against the plaintext instance is a tls-failure; optional opens it in plaintext; STARTTLS whenever offered', leavesNothing(async () => {
      deepStrictEqual(await SignupStream.open(DOMAIN, configFor(server.plain.port, undefined)), { error: NO_STARTTLS })
      const plain = opened(await SignupStream.open(DOMAIN, configFor(server.plain.port, undefined, {}, 'optional')))
      deepStrictEqual([plain.secure, plain.features], [false, { register: true, preauth: false }])
      await plain.close()
      const secured = opened(await SignupStream.open(DOMAIN, configFor(server.tls.port, server.tls.pem(`${server.env}_CA`), {}, 'optional')))
      equal(secured.secure, true)
      await secured.close()
    }))
  })
}

describe('sign-up stream limits and closing (Prosody with STARTTLS required)', function () {
  this.timeout(20000)

  it('close() before any request: disconnected, nothing left', leavesNothing(async () => {
    const stream = opened(await SignupStream.open(DOMAIN, configFor(TLS_PROSODY.port, TLS_PROSODY.pem('PROSODY_CA'))))
    await stream.close()
    await stream.close()
    deepStrictEqual(await stream.closed, { type: 'connection', condition: 'disconnected', description: 'The sign-up stream was closed' })
  }))

  it('a domain that is not configured: client error, no connection', leavesNothing(async () => {
    deepStrictEqual(await SignupStream.open('example.org', configFor(TLS_PROSODY.port, undefined)), {
      error: { type: 'modify', condition: 'client-error', description: "'domain' key names a domain this server does not sign up for", request: { domain: 'example.org' } }
    })
  }))

  it('the process-wide cap: resource-constraint, nothing opened; room again once a stream closed', leavesNothing(async () => {
    const config = configFor(TLS_PROSODY.port, TLS_PROSODY.pem('PROSODY_CA'), { maxStreams: 1 })
    const first = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await SignupStream.open(DOMAIN, config), {
      error: { type: 'wait', condition: 'resource-constraint', description: 'Too many sign-ups at once (1); try again later' }
    })
    equal(signupStreamCount(), 1)
    await first.close()
    const again = opened(await SignupStream.open(DOMAIN, config))
    await again.close()
  }))

  it('idle timeout: the stream closes; a get after it is disconnected', leavesNothing(async () => {
    const stream = opened(await SignupStream.open(DOMAIN, configFor(TLS_PROSODY.port, TLS_PROSODY.pem('PROSODY_CA'), { idleTimeout: 200 })))
    const idle = { type: 'connection', condition: 'disconnected', description: 'The sign-up stream was idle for 200 ms' }
    deepStrictEqual(await stream.closed, idle)
    deepStrictEqual(await stream.get(), { error: idle })
  }))
})

describe('sign-up stream against an invite-only Prosody (XEP-0445 tokens, XEP-0401 invites)', function () {
  this.timeout(30000)
  let config: SignupConfig
  before(() => { config = configFor(INVITE_PROSODY.port, INVITE_PROSODY.pem('PROSODY_CA')) })

  it('advertises registration and tokens; without a token: not-acceptable', leavesNothing(async () => {
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(stream.features, { register: true, preauth: true })
    deepStrictEqual(await stream.register(account(uniqueUser('noinvite'), 'pw')), { error: INVITE_ONLY })
    await stream.close()
  }))

  it('a bogus token: forbidden, and nothing registered with it', leavesNothing(async () => {
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await stream.preauth('bogus-token'), { error: FORBIDDEN_TOKEN })
    deepStrictEqual(await stream.register(account(uniqueUser('bogus'), 'pw')), { error: INVITE_ONLY })
    await stream.close()
  }))

  it('a valid invite: preauth, get, set; the account logs in; the used token is then forbidden', leavesNothing(async () => {
    const invite = parseInvite(INVITE_PROSODY.invite())
    if (!invite.ok) throw new Error(invite.message)
    equal(invite.invite.domain, DOMAIN)
    const stream = opened(await SignupStream.open(invite.invite.domain, config))
    deepStrictEqual(await stream.preauth(invite.invite.token), { data: true })
    deepStrictEqual(await stream.get(), { data: PROSODY_GET })
    const user = uniqueUser('invited')
    deepStrictEqual(await stream.register(account(user, 'pw-1')), { data: { registered: true, jid: `${user}@${DOMAIN}` } })
    equal(stream.isOpen, false)
    equal(await saslLogin(config, DOMAIN, user, 'pw-1'), 'success')

    const again = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await again.preauth(invite.invite.token), { error: FORBIDDEN_TOKEN })
    deepStrictEqual(await again.register(account(uniqueUser('reused'), 'pw')), { error: INVITE_ONLY })
    await again.close()
  }))
})
