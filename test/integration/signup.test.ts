// The sign-up stream (XEP-0077 before login, XEP-0445 tokens, XEP-0401 invites) against real
// Prosody servers with STARTTLS required: open registration, certificate checks, invite-only
// registration; each account then logs in; nothing is left open.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { resolveSignupConfig, type SignupConfig } from '../../src/signup/config'
import { parseInvite } from '../../src/signup/invite'
import { SignupStream, signupStreamCount } from '../../src/signup/stream'
import type { Outcome } from '../../src/signup/types'
import { assertNothingLeft, snapshot } from '../support/handles'
import { saslLogin } from '../support/sasl-login'
import { uniqueUser } from './browser'
import { INVITE_PROSODY, SERVER, TLS_PROSODY } from './prosody'

const DOMAIN = SERVER.domain

/** A test body that must leave nothing behind: no sign-up stream counted, no socket or timer more than before. */
const leavesNothing = (body: () => Promise<void>) => async (): Promise<void> => {
  const baseline = await snapshot()
  await body()
  await assertNothingLeft(baseline)
  equal(signupStreamCount(), 0)
}

const configFor = (port: number, ca: Buffer | undefined, extra: Record<string, unknown> = {}): SignupConfig =>
  resolveSignupConfig({ domains: { [DOMAIN]: { host: SERVER.host, port, ...(ca === undefined ? {} : { ca }) } }, timeout: 5000, ...extra })

const opened = (outcome: Outcome<SignupStream>): SignupStream => {
  if ('error' in outcome) throw new Error(`sign-up stream not opened: ${JSON.stringify(outcome.error)}`)
  return outcome.data
}

const account = (username: string, password: string): { fields: Array<{ name: 'username' | 'password'; value: string }> } =>
  ({ fields: [{ name: 'username', value: username }, { name: 'password', value: password }] })

/** What Prosody 0.12 answers to a get before login. */
const PROSODY_GET = {
  instructions: 'Choose a username and password for use with this service.',
  username: true,
  password: true,
  form: {
    formType: 'jabber:iq:register',
    title: 'Creating a new account',
    instructions: 'Choose a username and password for use with this service.',
    fields: [
      { var: 'username', type: 'text-single', label: 'Username', required: true },
      { var: 'password', type: 'text-private', label: 'Password', required: true }
    ]
  },
  mode: 'form'
}

const INVITE_ONLY = { type: 'modify', condition: 'not-acceptable', description: 'Registration on this server is through invitation only' }
const FORBIDDEN_TOKEN = { type: 'cancel', condition: 'forbidden', description: 'The invite token is invalid or expired' }

before(function () {
  this.timeout(120000)
  TLS_PROSODY.start()
  INVITE_PROSODY.start()
})
after(function () {
  this.timeout(30000)
  TLS_PROSODY.stop()
  INVITE_PROSODY.stop()
})

describe('sign-up stream against Prosody with STARTTLS required', function () {
  this.timeout(20000)

  it('open registration: TLS, get, set; the stream closes after the account; the account logs in', leavesNothing(async () => {
    const config = configFor(TLS_PROSODY.port, TLS_PROSODY.pem('PROSODY_CA'))
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual([stream.secure, stream.features], [true, { register: true, preauth: false }])
    equal(signupStreamCount(), 1)
    deepStrictEqual(await stream.get(), { data: PROSODY_GET })
    const user = uniqueUser('signup')
    deepStrictEqual(await stream.register(account(user, 'pw-1')), { data: { registered: true, jid: `${user}@${DOMAIN}` } })
    equal(stream.isOpen, false)
    deepStrictEqual(await stream.get(), { error: { type: 'connection', condition: 'disconnected', description: 'The sign-up stream was closed' } })
    equal(await saslLogin(config, DOMAIN, user, 'pw-1'), 'success')
    equal(await saslLogin(config, DOMAIN, user, 'pw-2'), 'failure:not-authorized')
  }))

  it('registers with the form; a taken username is a conflict and the stream stays open for another try', leavesNothing(async () => {
    const config = configFor(TLS_PROSODY.port, TLS_PROSODY.pem('PROSODY_CA'))
    const first = opened(await SignupStream.open(DOMAIN, config))
    const user = uniqueUser('form')
    const form = { formType: 'jabber:iq:register', fields: [{ var: 'username', values: [user] }, { var: 'password', values: ['pw-1'] }] }
    deepStrictEqual(await first.register({ fields: [], form }), { data: { registered: true, jid: `${user}@${DOMAIN}` } })
    const second = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await second.register(account(user, 'pw-2')), {
      error: { type: 'cancel', condition: 'conflict', description: 'The requested username already exists.' }
    })
    equal(second.isOpen, true)
    const other = uniqueUser('form')
    deepStrictEqual(await second.register(account(other, 'pw-2')), { data: { registered: true, jid: `${other}@${DOMAIN}` } })
    equal(await saslLogin(config, DOMAIN, user, 'pw-1'), 'success')
    equal(await saslLogin(config, DOMAIN, other, 'pw-2'), 'success')
  }))

  it('close() before any request: disconnected, nothing left', leavesNothing(async () => {
    const stream = opened(await SignupStream.open(DOMAIN, configFor(TLS_PROSODY.port, TLS_PROSODY.pem('PROSODY_CA'))))
    await stream.close()
    await stream.close()
    deepStrictEqual(await stream.closed, { type: 'connection', condition: 'disconnected', description: 'The sign-up stream was closed' })
  }))

  const TLS_FAILURES: Array<{ name: string; ca: () => Buffer | undefined; description: string }> = [
    {
      name: 'a CA that did not sign the certificate',
      ca: () => TLS_PROSODY.pem('PROSODY_WRONG_CA'),
      description: 'TLS with the server of localhost failed: unable to verify the first certificate'
    },
    {
      name: "the system's CAs (the test CA is private)",
      ca: () => undefined,
      description: 'TLS with the server of localhost failed: unable to verify the first certificate'
    }
  ]
  for (const { name, ca, description } of TLS_FAILURES) {
    it(`tls-failure with ${name}; nothing opened`, leavesNothing(async () => {
      deepStrictEqual(await SignupStream.open(DOMAIN, configFor(TLS_PROSODY.port, ca())), { error: { type: 'cancel', condition: 'tls-failure', description } })
    }))
  }

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
