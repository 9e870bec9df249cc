// Evidence for the sign-up stream's library (issue 10): one whole sign-up (connect, features,
// [TLS,] get, set, close) with xmpp.js's @xmpp/connection-tcp through SignupStream against the
// same exchange with node-xmpp-client 3 (its useFeatures overridden so that it stops before
// SASL), on the project's Prosody (plaintext) and, for SignupStream, on the STARTTLS-required
// variant. Interleaved rounds; prints medians. Run: npx tsx bench/signup-libraries.ts
import { performance } from 'node:perf_hooks'

import { Element } from 'ltx'

import { resolveSignupConfig } from '../src/signup/config'
import { loadXmppLibrary } from '../src/signup/library'
import { SignupStream } from '../src/signup/stream'
import { SERVER, TLS_PROSODY, startProsody, stopProsody } from '../test/integration/prosody'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('node-xmpp-client') as { Client: new (options: object) => NodeXmppClient }

interface NodeXmppClient {
  connection: { socket: { once(event: 'close', listener: () => void): void } }
  useFeatures(): void
  send(stanza: unknown): void
  on(event: string, listener: (stanza: { attrs: Record<string, string> }) => void): void
  end(): void
}

const ROUNDS = Number(process.env.ROUNDS ?? 40)
let counter = 0
const user = (): string => `bench-${process.pid}-${Date.now().toString(36)}-${++counter}`

const viaSignupStream = async (port: number, tls: 'optional' | 'required', ca?: Buffer): Promise<number> => {
  const config = resolveSignupConfig({ domains: { localhost: { host: SERVER.host, port, tls, ...(ca ? { ca } : {}) } } })
  const start = performance.now()
  const opened = await SignupStream.open('localhost', config)
  if ('error' in opened) throw new Error(JSON.stringify(opened.error))
  const stream = opened.data
  if ('error' in (await stream.get())) throw new Error('get failed')
  const set = await stream.register({ fields: [{ name: 'username', value: user() }, { name: 'password', value: 'pw' }] })
  if ('error' in set) throw new Error(JSON.stringify(set.error))
  return performance.now() - start
}

const viaNodeXmppClient = (port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const start = performance.now()
    const name = user()
    const client = new Client({ jid: `${name}@localhost`, password: 'pw', host: SERVER.host, port, reconnect: false })
    let started = false
    client.useFeatures = () => {
      if (started) return
      started = true
      const iq = (type: string, id: string): Element => {
        const el = new Element('iq', { type, id, to: 'localhost' })
        el.c('query', { xmlns: 'jabber:iq:register' })
        return el
      }
      client.on('stanza:preauth', (reply) => {
        if (reply.attrs.id === 'g1') {
          const set = iq('set', 's1')
          set.getChild('query')!.c('username').t(name).up().c('password').t('pw')
          client.send(set)
        } else if (reply.attrs.id === 's1') {
          if (reply.attrs.type !== 'result') reject(new Error('set failed'))
          // Timed to the socket's close, as SignupStream's register() is.
          client.connection.socket.once('close', () => resolve(performance.now() - start))
          client.end()
        }
      })
      client.send(iq('get', 'g1'))
    }
    client.on('error', (e) => reject(e))
  })

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const main = async (): Promise<void> => {
  startProsody()
  TLS_PROSODY.start()
  const ca = TLS_PROSODY.pem('PROSODY_CA')
  const loadStart = performance.now()
  await loadXmppLibrary()
  const load = performance.now() - loadStart
  const runs = { xmppjsPlain: [] as number[], nodeXmppPlain: [] as number[], xmppjsTls: [] as number[] }
  for (let i = 0; i < ROUNDS + 3; i++) {
    const a = await viaSignupStream(SERVER.port, 'optional')
    const b = await viaNodeXmppClient(SERVER.port)
    const c = await viaSignupStream(TLS_PROSODY.port, 'required', ca)
    if (i < 3) continue // warm-up
    runs.xmppjsPlain.push(a)
    runs.nodeXmppPlain.push(b)
    runs.xmppjsTls.push(c)
  }
  console.log(`first import() of @xmpp/connection-tcp: ${load.toFixed(1)} ms`)
  console.log(`${ROUNDS} interleaved sign-ups (connect, features, get, set, close), median ms:`)
  console.log(`  SignupStream (xmpp.js), plaintext:        ${median(runs.xmppjsPlain).toFixed(2)}`)
  console.log(`  node-xmpp-client 3, plaintext:            ${median(runs.nodeXmppPlain).toFixed(2)}`)
  console.log(`  SignupStream (xmpp.js), STARTTLS + verify: ${median(runs.xmppjsTls).toFixed(2)}`)
  TLS_PROSODY.stop()
  stopProsody()
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
