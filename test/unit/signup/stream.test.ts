// The sign-up stream against a scripted server: TLS policy, missing registration, untrusted
// replies, limits and a server that goes away. Every outcome compared whole; nothing left open.
import { deepStrictEqual, equal, match, ok } from 'node:assert/strict'

import { resolveSignupConfig, type SignupConfig } from '../../../src/signup/config'
import { SignupStream } from '../../../src/signup/stream'
import { snapshot } from '../../support/handles'
import { closeAndCheck, FakeXmppServer, features, HEADER, opened, REGISTER_FEATURE, serve, STARTTLS_FEATURE, type Script } from '../../support/fake-xmpp-server'

const DOMAIN = 'localhost'
const HEADER_ONLY = /^<\?xml version='1.0'\?><stream:stream [^>]*>$/
const QUERY = "<query xmlns='jabber:iq:register'><username/><password/></query>"

describe('sign-up stream edge cases (scripted server)', () => {
  let server: FakeXmppServer | undefined
  let baseline: Record<string, number> = {}

  const start = async (script: Script, options: Record<string, unknown> = {}, tls: 'required' | 'optional' = 'optional'): Promise<SignupConfig> => {
    baseline = await snapshot()
    server = new FakeXmppServer(script)
    const port = await server.listen()
    return resolveSignupConfig({ domains: { [DOMAIN]: { host: '127.0.0.1', port, tls } }, timeout: 300, ...options })
  }

  afterEach(async () => {
    await closeAndCheck(server, baseline)
    server = undefined
  })

  it('no STARTTLS where TLS is required: tls-failure, and nothing sent but the stream header', async () => {
    const config = await start(serve(features(REGISTER_FEATURE)), {}, 'required')
    deepStrictEqual(await SignupStream.open(DOMAIN, config), {
      error: { type: 'cancel', condition: 'tls-failure', description: 'The server of localhost does not offer STARTTLS, and TLS is required' }
    })
    match(server!.received[0]!, HEADER_ONLY)
  })

  it('STARTTLS refused with <failure/>: tls-failure', async () => {
    const config = await start((received) =>
      received.includes('<starttls') ? "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" : HEADER + features(STARTTLS_FEATURE, REGISTER_FEATURE))
    deepStrictEqual(await SignupStream.open(DOMAIN, config), {
      error: { type: 'cancel', condition: 'tls-failure', description: 'The server of localhost refused STARTTLS' }
    })
  })

  it('plaintext where the operator allows it: get and set; the stream closes after the account', async () => {
    const config = await start(serve(features(REGISTER_FEATURE), (id, received) =>
      received.includes('<username>') ? `<iq type='result' id='${id}'/>` : `<iq type='result' from='localhost' id='${id}'>${QUERY}</iq>`))
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual([stream.secure, stream.features], [false, { register: true, preauth: false }])
    deepStrictEqual(await stream.get(), { data: { username: true, password: true, mode: 'legacy' } })
    deepStrictEqual(await stream.register({ fields: [{ name: 'username', value: 'Juliet' }, { name: 'password', value: 'pw' }] }), {
      data: { registered: true, jid: 'juliet@localhost' }
    })
    equal(stream.isOpen, false)
    ok(server!.received[0]!.endsWith('</stream:stream>'))
  })

  it('the idle timeout runs from the last request: a request restarts it', async () => {
    const config = await start(serve(features(REGISTER_FEATURE), (id) => `<iq type='result' from='localhost' id='${id}'>${QUERY}</iq>`), { idleTimeout: 1000 })
    const stream = opened(await SignupStream.open(DOMAIN, config))
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
    await sleep(600)
    deepStrictEqual(await stream.get(), { data: { username: true, password: true, mode: 'legacy' } })
    const asked = Date.now()
    await sleep(600)
    // 1200 ms after opening, 600 after the get: still open.
    equal(stream.isOpen, true)
    deepStrictEqual(await stream.closed, { type: 'connection', condition: 'disconnected', description: 'The sign-up stream was idle for 1000 ms' })
    ok(Date.now() - asked >= 990, `closed ${Date.now() - asked} ms after the get`)
  })

  it('no registration feature: feature-not-implemented, no request sent', async () => {
    const config = await start(serve(features()))
    deepStrictEqual(await SignupStream.open(DOMAIN, config), {
      error: { type: 'cancel', condition: 'feature-not-implemented', description: 'localhost does not offer in-band registration' }
    })
    equal(server!.received[0]!.includes('<iq'), false)
  })

  // XEP-0445 §3-4: a token is sent only to a server advertising urn:xmpp:ibr-token:0.
  // ejabberd 23.01 answers any other IQ before login with a not-authorized stream error.
  it('a token for a server that does not advertise token registration: feature-not-implemented, nothing sent', async () => {
    const config = await start(serve(features(REGISTER_FEATURE), (id, received) =>
      received.includes('<preauth')
        ? "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>"
        : `<iq type='result' id='${id}'>${QUERY}</iq>`))
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await stream.preauth('TOKEN'), {
      error: { type: 'cancel', condition: 'feature-not-implemented', description: 'localhost does not accept invite tokens (XEP-0445)' }
    })
    equal(server!.received[0]!.includes('<preauth'), false)
    deepStrictEqual(await stream.get(), { data: { username: true, password: true, mode: 'legacy' } })
    await stream.close()
  })

  it('a reply from another address is ignored: timeout', async () => {
    const config = await start(serve(features(REGISTER_FEATURE), (id) => `<iq type='result' from='evil.example' id='${id}'>${QUERY}</iq>`))
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await stream.get(), { error: { type: 'wait', condition: 'timeout', description: 'No reply from localhost within 300 ms' } })
    await stream.close()
  })

  it('a stanza larger than maxStanzaBytes: the stream closes, the request is disconnected', async () => {
    const config = await start(serve(features(REGISTER_FEATURE), (id) => `<iq type='result' id='${id}'><query xmlns='jabber:iq:register'><instructions>${'x'.repeat(5000)}`), { maxStanzaBytes: 1024 })
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await stream.get(), { error: { type: 'connection', condition: 'disconnected', description: 'The stream with the server of localhost failed' } })
    await stream.closed
  })

  // Two XML errors in one read: xmpp.js detaches its parser listeners at the first, and the
  // parser's second 'error' event, with no listener, threw from the socket's data event.
  it('a reply with two XML errors: the stream closes, the request is disconnected, nothing thrown', async () => {
    const config = await start(serve(features(REGISTER_FEATURE), () => '<a></b><c></d>'))
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await stream.get(), { error: { type: 'connection', condition: 'disconnected', description: 'The stream with the server of localhost failed' } })
    await stream.closed
  })

  it('the server closes the stream while a request waits: disconnected', async () => {
    const config = await start(serve(features(REGISTER_FEATURE), () => '</stream:stream>'))
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await stream.get(), { error: { type: 'connection', condition: 'disconnected', description: 'The server of localhost closed the stream' } })
    await stream.closed
  })

  it('a see-other-host stream error is not followed', async () => {
    const config = await start(serve(features(REGISTER_FEATURE), () =>
      "<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>127.0.0.1:1</see-other-host></stream:error>"))
    const stream = opened(await SignupStream.open(DOMAIN, config))
    deepStrictEqual(await stream.get(), { error: { type: 'connection', condition: 'disconnected', description: 'The stream with the server of localhost failed' } })
    await stream.closed
    equal(server!.received.length, 1)
  })

  it('no stream header from the server: timeout, nothing left', async () => {
    const config = await start(() => undefined)
    deepStrictEqual(await SignupStream.open(DOMAIN, config), {
      error: { type: 'wait', condition: 'timeout', description: 'No stream with the server of localhost within 300 ms' }
    })
  })

  it('nobody listening: disconnected', async () => {
    const config = await start(() => undefined)
    await server!.close()
    deepStrictEqual(await SignupStream.open(DOMAIN, config), {
      error: { type: 'connection', condition: 'disconnected', description: 'Could not connect to the server of localhost (ECONNREFUSED)' }
    })
  })
})
