// Property test of the sign-up stream against a scripted server that answers each request in
// a random way (right, wrong id, foreign sender, error with a form, not XML, too large, stream
// end, stream error, dropped connection, silence, split in pieces) while the client sends
// requests and closes at random moments. Each request settles once with a known outcome; in
// the end the stream is closed and no socket or timer is left. Real sockets: fewer cases than
// the other properties (SIGNUP_FUZZ_RUNS, default 60); FUZZ_SEED=<seed> replays a run.
import { equal, ok } from 'node:assert/strict'
import type { Socket } from 'node:net'

import fc from 'fast-check'

import { resolveSignupConfig } from '../../src/signup/config'
import { SignupStream, signupStreamCount } from '../../src/signup/stream'
import type { Outcome } from '../../src/signup/types'
import { assertNothingLeft, snapshot } from '../support/handles'
import { FakeXmppServer, features, HEADER, REGISTER_FEATURE, TOKEN_FEATURE } from '../support/fake-xmpp-server'

const runs = Number(process.env.SIGNUP_FUZZ_RUNS ?? 60)

const ANSWERS = [
  'result', 'wrong-id', 'foreign', 'error-form', 'not-xml', 'too-large', 'stream-end', 'stream-error', 'drop', 'silence', 'split'
] as const
type Answer = typeof ANSWERS[number]

const QUERY = "<query xmlns='jabber:iq:register'><instructions>i</instructions><username/><password/></query>"
const ERROR_FORM = "<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'><field var='username' type='text-single'/></x></query>" +
  "<error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"

const reply = (answer: Answer, id: string, socket: Socket): string | undefined => {
  switch (answer) {
    case 'result': return `<iq type='result' id='${id}'>${QUERY}</iq>`
    case 'wrong-id': return `<iq type='result' id='${id}x'>${QUERY}</iq>`
    case 'foreign': return `<iq type='result' from='evil.example' id='${id}'>${QUERY}</iq>`
    case 'error-form': return `<iq type='error' from='localhost' id='${id}'>${ERROR_FORM}</iq>`
    case 'not-xml': return `<iq type='result' id='${id}'><</iq>`
    case 'too-large': return `<iq type='result' id='${id}'><query xmlns='jabber:iq:register'><instructions>${'x'.repeat(3000)}`
    case 'stream-end': return '</stream:stream>'
    case 'stream-error': return "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>"
    case 'drop': socket.destroy(); return undefined
    case 'silence': return undefined
    case 'split': {
      const whole = `<iq type='result' id='${id}'>${QUERY}</iq>`
      socket.write(whole.slice(0, 7))
      setImmediate(() => { if (!socket.destroyed) socket.write(whole.slice(7)) })
      return undefined
    }
  }
}

type Op = 'get' | 'preauth' | 'register' | 'close'

const KNOWN = new Set(['timeout', 'disconnected', 'not-acceptable', 'undefined-condition', 'bad-request'])

describe(`property test: the sign-up stream against a random server (${runs} cases)`, function () {
  this.timeout(600000)

  it('every request settles once with a known outcome; the stream closes; nothing is left', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)))
    console.log(`      seed ${seed}`)
    const baseline = await snapshot()
    await fc.assert(fc.asyncProperty(
      fc.array(fc.constantFrom(...ANSWERS), { minLength: 1, maxLength: 6 }),
      fc.array(fc.record({ op: fc.constantFrom<Op>('get', 'preauth', 'register', 'close'), wait: fc.boolean() }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 30, max: 300 }),
      async (answers, ops, idleTimeout) => {
        let next = 0
        const server = new FakeXmppServer((received, socket) => {
          const ids = [...received.matchAll(/<iq [^>]*id="([^"]+)"/g)].map((m) => m[1]!)
          if (ids.length === 0) return received.includes('<stream:stream') && next === 0 ? HEADER + features(REGISTER_FEATURE, TOKEN_FEATURE) : undefined
          let out = ''
          while (next < ids.length) out += reply(answers[next % answers.length]!, ids[next++]!, socket) ?? ''
          return out
        })
        const port = await server.listen()
        try {
          const config = resolveSignupConfig({ domains: { localhost: { host: '127.0.0.1', port, tls: 'optional' } }, timeout: 150, idleTimeout, maxStanzaBytes: 1024 })
          const opened = await SignupStream.open('localhost', config)
          if ('error' in opened) throw new Error(`not opened: ${JSON.stringify(opened.error)}`)
          const stream = opened.data
          const outcomes: Array<Promise<Outcome<unknown>>> = []
          for (const { op, wait } of ops) {
            const pending: Promise<Outcome<unknown>> =
              op === 'get' ? stream.get()
                : op === 'preauth' ? stream.preauth('TOKEN')
                  : op === 'register' ? stream.register({ fields: [{ name: 'username', value: 'u' }, { name: 'password', value: 'p' }] })
                    : stream.close().then(() => ({ data: 'closed' }))
            outcomes.push(pending)
            if (wait) await pending
          }
          for (const outcome of await Promise.all(outcomes)) {
            if ('error' in outcome) ok(KNOWN.has(outcome.error.condition), JSON.stringify(outcome.error))
          }
          await stream.close()
          equal(stream.isOpen, false)
        } finally {
          await server.close()
        }
        await assertNothingLeft(baseline)
        equal(signupStreamCount(), 0)
      }
    ), { numRuns: runs, seed })
  })
})
