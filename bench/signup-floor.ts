// The floor under "200 sign-ups at once" (bench/signup-cpu.ts): the same exchange with the
// server (TCP, stream header, STARTTLS, TLS with the chain verified against the test CA and the
// name checked, stream restart, get, set, `</stream:stream>`) on bare `net`/`tls` sockets, the
// server's answers found by string search: no XML parser, no xmpp.js, no xmpp-ftw, no plugin.
// Its gateway CPU per sign-up is what Node's TCP and TLS cost before any XMPP work.
//   npx tsx bench/signup-floor.ts [runs] [tls|node-check|plain]
// tls: the TLS context and identity check of this package (the built one, dist/);
// node-check: tls.connect's own identity check (Node builds the peer chain as objects);
// plain: no TLS, on the plaintext Prosody (PROSODY_PORT). Same warm-up as bench/signup-cpu.ts.
import { join } from 'node:path'
import { connect as netConnect } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'

import type * as ConfigModule from '../src/signup/config'
import type * as IdentityModule from '../src/signup/identity'
import type * as SecureContextModule from '../src/signup/secure-context'
import { SERVER, TLS_PROSODY } from '../test/integration/prosody'

const dist = join(__dirname, '..', 'dist')
/* eslint-disable @typescript-eslint/no-require-imports */
const config = require(join(dist, 'signup', 'config')) as typeof ConfigModule
const identity = require(join(dist, 'signup', 'identity')) as typeof IdentityModule
const contexts = require(join(dist, 'signup', 'secure-context')) as typeof SecureContextModule
/* eslint-enable @typescript-eslint/no-require-imports */

type Mode = 'tls' | 'node-check' | 'plain'

const HEADER = "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"
const STARTTLS = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
const GET = "<iq type='get' to='localhost' id='g1'><query xmlns='jabber:iq:register'/></iq>"
const set = (user: string): string =>
  `<iq type='set' to='localhost' id='s1'><query xmlns='jabber:iq:register'><username>${user}</username><password>pw-floor</password></query></iq>`

let users = 0

/** One sign-up; resolves once the socket is closed. */
const signup = (mode: Mode, port: number, server: ConfigModule.SignupServer): Promise<void> => new Promise((resolve, reject) => {
  const user = `floor-${process.pid.toString(36)}-${Date.now().toString(36)}-${++users}`
  const tcp = netConnect(port, '127.0.0.1', () => tcp.write(HEADER))
  let received = ''
  let step: 'features' | 'get' | 'set' | 'closing' = 'features'
  const fail = (e: Error): void => (step === 'closing' ? resolve() : reject(e))
  tcp.on('error', fail)
  const onStream = (stream: TLSSocket | typeof tcp) => (chunk: Buffer): void => {
    received += chunk.toString('utf8')
    if (step === 'features' && received.includes('</stream:features>')) {
      step = 'get'
      received = ''
      stream.write(GET)
    } else if (step === 'get' && received.includes('</iq>')) {
      step = 'set'
      received = ''
      stream.write(set(user))
    } else if (step === 'set' && received.includes("id='s1'")) {
      if (!received.includes("type='result'")) { reject(new Error(received)); return }
      step = 'closing'
      stream.end('</stream:stream>')
    }
  }
  if (mode === 'plain') {
    tcp.on('data', onStream(tcp))
    tcp.on('close', () => resolve())
    return
  }
  const onPlain = (chunk: Buffer): void => {
    received += chunk.toString('utf8')
    if (received.includes('</stream:features>')) {
      received = ''
      tcp.write(STARTTLS)
    } else if (received.includes('<proceed')) {
      tcp.off('data', onPlain)
      received = ''
      const options = { socket: tcp, host: 'localhost', servername: 'localhost', secureContext: contexts.secureContextFor(server) }
      const tls: TLSSocket = mode === 'tls'
        ? tlsConnect({ ...options, checkServerIdentity: (host) => identity.checkPeerIdentity(tls, host) })
        : tlsConnect(options)
      if (mode === 'tls') identity.skipPeerChain(tls)
      tls.on('error', fail)
      tls.once('secureConnect', () => {
        tls.on('data', onStream(tls))
        tls.write(HEADER)
      })
      tls.on('close', () => resolve())
    }
  }
  tcp.on('data', onPlain)
})

const main = async (): Promise<void> => {
  const runs = Number(process.argv[2] ?? 3)
  const mode = (process.argv[3] ?? 'tls') as Mode
  const warmUp = Number(process.env.BENCH_SIGNUP_WARMUP ?? 195)
  const instance = mode === 'plain' ? SERVER : TLS_PROSODY
  instance.start()
  try {
    const server = config.serverFor(config.resolveSignupConfig({ domains: { localhost: { host: '127.0.0.1', ca: TLS_PROSODY.pem('PROSODY_CA') } } }), 'localhost')!.server
    const port = mode === 'plain' ? SERVER.port : TLS_PROSODY.port
    for (let i = 0; i < warmUp; i++) await signup(mode, port, server)
    for (let i = 1; i <= runs; i++) {
      const cpu = process.cpuUsage()
      const started = performance.now()
      await Promise.all(Array.from({ length: 200 }, () => signup(mode, port, server)))
      const used = process.cpuUsage(cpu)
      console.log(JSON.stringify({ run: i, mode, cpuMsPerSignup: Number(((used.user + used.system) / 1000 / 200).toFixed(2)), wallMs: Math.round(performance.now() - started) }))
    }
  } finally {
    instance.stop()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
