// The server's certificate check of a sign-up stream's STARTTLS: the chain verified against the
// configured CA, the name checked for the domain, with Node's results and Node's error messages.
// Certificates made here with openssl (a CA, a CA that signed nothing, one server certificate
// per case). First the identity check on its own against `tls.checkServerIdentity` for every
// certificate and name; then whole STARTTLS handshakes through `SignupStream.open` against a
// scripted server presenting each certificate: each check refuses what it must (a CA that did
// not sign, a wrong name, a wildcard too deep, an expired certificate, an IP not listed) and the
// right name opens the stream, without Node building the peer chain as objects for it.
import { deepStrictEqual, equal } from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkServerIdentity, createSecureContext, TLSSocket, type SecureContext } from 'node:tls'

import fc from 'fast-check'

import { resolveSignupConfig } from '../../../src/signup/config'
import { identityError, namedIn } from '../../../src/signup/identity'
import { SignupStream, signupStreamCount } from '../../../src/signup/stream'
import { features, HEADER, opened, REGISTER_FEATURE, STARTTLS_FEATURE } from '../../support/fake-xmpp-server'
import { assertNothingLeft, snapshot } from '../../support/handles'

/** Server certificates by case: the subjectAltName (none: the CN alone), the CN, and `days` (negative: expired). */
const CERTS = {
  localhost: { san: 'DNS:localhost', cn: 'localhost' },
  other: { san: 'DNS:other.example', cn: 'localhost' },
  wildcard: { san: 'DNS:*.example.org', cn: 'example.org' },
  partial: { san: 'DNS:x*.example.org', cn: 'example.org' },
  deep: { san: 'DNS:a.*.example.org', cn: 'example.org' },
  tld: { san: 'DNS:*.org', cn: 'org' },
  cnOnly: { san: undefined, cn: 'localhost' },
  cnWildcard: { san: undefined, cn: '*.example.org' },
  ipOnly: { san: 'IP:127.0.0.1', cn: 'localhost' },
  ipAndName: { san: 'DNS:localhost, IP:127.0.0.1, IP:::1', cn: 'localhost' },
  upper: { san: 'DNS:LocalHost, DNS:WWW.Example.ORG', cn: 'localhost' },
  trailingDot: { san: 'DNS:localhost.', cn: 'localhost' },
  expired: { san: 'DNS:localhost', cn: 'localhost', days: -1 }
} as const
type CertName = keyof typeof CERTS

interface Made { pem: string; key: string; x509: X509Certificate }
let dir = ''
let ca = ''
let wrongCa = ''
const made = new Map<CertName, Made>()

const openssl = (...args: string[]): void => {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}
const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

before(function () {
  this.timeout(30000)
  dir = mkdtempSync(join(tmpdir(), 'signup-identity-'))
  const file = (name: string): string => join(dir, name)
  openssl('req', '-x509', ...newKey, '-days', '2', '-subj', '/CN=identity test CA', '-keyout', file('ca.key'), '-out', file('ca.crt'))
  openssl('req', '-x509', ...newKey, '-days', '2', '-subj', '/CN=identity wrong CA', '-keyout', file('wrong.key'), '-out', file('wrong.crt'))
  ca = readFileSync(file('ca.crt'), 'utf8')
  wrongCa = readFileSync(file('wrong.crt'), 'utf8')
  for (const [name, spec] of Object.entries(CERTS) as Array<[CertName, (typeof CERTS)[CertName]]>) {
    openssl('req', '-new', ...newKey, '-subj', `/CN=${spec.cn}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`))
    writeFileSync(file(`${name}.ext`), `${spec.san === undefined ? '' : `subjectAltName=${spec.san}\n`}basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`)
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-days', String('days' in spec ? spec.days : 2), '-extfile', file(`${name}.ext`), '-out', file(`${name}.crt`))
    const pem = readFileSync(file(`${name}.crt`), 'utf8')
    made.set(name, { pem, key: readFileSync(file(`${name}.key`), 'utf8'), x509: new X509Certificate(pem) })
  }
})
after(() => { if (dir !== '') rmSync(dir, { recursive: true, force: true }) })

const cert = (name: CertName): Made => made.get(name)!

/** What a check said: accepted, or the refusal's code and message. */
const verdict = (error: Error | undefined): unknown =>
  error === undefined ? 'accepted' : { code: (error as NodeJS.ErrnoException).code, message: error.message }

describe('sign-up TLS: the identity check on its own, against tls.checkServerIdentity', () => {
  // [certificate, name, accepted by Node's check]
  const CASES: Array<[CertName, string, boolean]> = [
    ['localhost', 'localhost', true],
    ['localhost', 'LOCALHOST', true],
    ['localhost', 'localhost.', true],
    ['localhost', 'other.example', false],
    ['localhost', 'localhost.example', false],
    ['localhost', '127.0.0.1', false],
    ['other', 'localhost', false],
    ['other', 'other.example', true],
    ['wildcard', 'a.example.org', true],
    ['wildcard', 'A-1.Example.ORG', true],
    ['wildcard', 'a.b.example.org', false],
    ['wildcard', 'example.org', false],
    ['wildcard', '.example.org', true],
    ['wildcard', 'a.example.com', false],
    ['partial', 'xy.example.org', true],
    ['partial', 'x.example.org', true],
    ['partial', 'yx.example.org', false],
    ['deep', 'a.b.example.org', false],
    ['deep', 'a.*.example.org', true],
    ['tld', 'example.org', false],
    ['cnOnly', 'localhost', true],
    ['cnOnly', 'other.example', false],
    ['cnWildcard', 'a.example.org', true],
    ['cnWildcard', 'a.b.example.org', false],
    ['other', 'localhost', false],
    ['ipOnly', '127.0.0.1', true],
    ['ipOnly', '127.0.0.2', false],
    ['ipOnly', 'localhost', true],
    ['ipAndName', '127.0.0.1', true],
    ['ipAndName', '::1', true],
    ['ipAndName', '0:0:0:0:0:0:0:1', true],
    ['ipAndName', '::2', false],
    ['ipAndName', 'localhost', true],
    ['upper', 'localhost', true],
    ['upper', 'www.example.org', true],
    ['trailingDot', 'localhost', true],
    ['expired', 'localhost', true]
  ]
  for (const [name, host, accepted] of CASES) {
    it(`${name} for ${host}: ${accepted ? 'accepted' : 'refused'}, as Node's check says, with its error`, () => {
      const { x509 } = cert(name)
      const node = checkServerIdentity(host, x509.toLegacyObject())
      equal(node === undefined, accepted, `Node's own check ${node === undefined ? 'accepts' : `refuses: ${node.message}`}`)
      const ours = identityError(host, x509)
      deepStrictEqual(verdict(ours), verdict(node))
      // A refusal is Node's error itself (its code, message and certificate).
      if (node !== undefined) deepStrictEqual(ours, node)
      // The usual accepted cases are decided by OpenSSL alone.
      if (accepted && /^(localhost|other|wildcard|cnOnly|cnWildcard|ipOnly|ipAndName|upper)$/.test(name) && !host.startsWith('.') && !host.endsWith('.')) equal(namedIn(x509, host), true)
    })
  }

  // Names made of the pieces certificates and hosts differ by (wildcards, IDNA prefixes, case,
  // empty labels, dots at either end, IP forms): OpenSSL's lookup never accepts a name Node's
  // check refuses, and the result is Node's for every certificate.
  it('any name, any certificate: the same result as Node (OpenSSL finds no name Node refuses)', () => {
    const label = fc.constantFrom('a', 'b', 'x', 'xy', 'yx', 'A', 'a-1', '-a', 'xn--a', '*', 'x*', '', 'localhost', 'LocalHost', 'other', 'example', 'org', 'ORG', 'www', 'é', ' ')
    const name = fc.oneof(
      fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.')),
      fc.constantFrom('127.0.0.1', '127.0.0.2', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::2', '127.1', '.example.org', 'localhost.')
    )
    const names = [...made.keys()]
    fc.assert(fc.property(fc.constantFrom(...names), name, (certName, host) => {
      const { x509 } = cert(certName)
      const node = checkServerIdentity(host, x509.toLegacyObject())
      if (namedIn(x509, host)) equal(node, undefined, `OpenSSL finds ${host} in ${certName}, Node refuses`)
      deepStrictEqual(identityError(host, x509), node)
    }), { numRuns: 3000 })
  })

  it('no peer certificate: Node decides (and refuses)', () => {
    const error = identityError('localhost', undefined)
    deepStrictEqual(verdict(error), { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames: Cert does not contain a DNS name" })
  })
})

/** A STARTTLS server presenting `certName`'s certificate; after TLS, stream features with registration. */
class StartTlsServer {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()

  constructor(context: SecureContext) {
    this.server = createServer((socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      socket.on('error', () => undefined)
      let received = ''
      const onPlain = (chunk: Buffer): void => {
        received += chunk.toString('utf8')
        if (received.includes('<starttls')) {
          socket.off('data', onPlain)
          socket.write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
          this.secure(socket, context)
        } else if (received.includes('<stream:stream')) {
          received = ''
          socket.write(HEADER + features(STARTTLS_FEATURE, REGISTER_FEATURE))
        }
      }
      socket.on('data', onPlain)
    })
  }

  private secure(socket: Socket, secureContext: SecureContext): void {
    const tls = new TLSSocket(socket, { isServer: true, secureContext })
    tls.on('error', () => undefined)
    let received = ''
    tls.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8')
      if (received.includes('</stream:stream>')) tls.end('</stream:stream>')
      else if (received.includes('<stream:stream')) {
        received = ''
        tls.write(HEADER + features(REGISTER_FEATURE))
      }
    })
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port)))
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

describe('sign-up TLS: STARTTLS with each certificate through SignupStream.open', () => {
  let server: StartTlsServer | undefined
  let baseline: Record<string, number> = {}
  afterEach(async () => {
    await server?.close()
    server = undefined
    await assertNothingLeft(baseline)
    equal(signupStreamCount(), 0)
  })

  const refused = (description: string): unknown => ({ error: { type: 'cancel', condition: 'tls-failure', description: `TLS with the server of ${description}` } })
  const OPENS = { opened: true }
  // [certificate, domain, the CA configured, outcome]
  const HANDSHAKES: Array<[CertName, string, 'ca' | 'wrongCa', unknown]> = [
    ['localhost', 'localhost', 'ca', OPENS],
    ['localhost', 'localhost', 'wrongCa', refused('localhost failed: unable to verify the first certificate')],
    ['other', 'localhost', 'ca', refused("localhost failed: Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:other.example")],
    ['other', 'other.example', 'ca', OPENS],
    ['wildcard', 'a.example.org', 'ca', OPENS],
    ['wildcard', 'a.b.example.org', 'ca', refused("a.b.example.org failed: Hostname/IP does not match certificate's altnames: Host: a.b.example.org. is not in the cert's altnames: DNS:*.example.org")],
    ['wildcard', 'example.org', 'ca', refused("example.org failed: Hostname/IP does not match certificate's altnames: Host: example.org. is not in the cert's altnames: DNS:*.example.org")],
    ['partial', 'xy.example.org', 'ca', OPENS],
    ['cnOnly', 'localhost', 'ca', OPENS],
    ['cnOnly', 'other.example', 'ca', refused("other.example failed: Hostname/IP does not match certificate's altnames: Host: other.example. is not cert's CN: localhost")],
    ['expired', 'localhost', 'ca', refused('localhost failed: certificate has expired')],
    ['ipOnly', '127.0.0.1', 'ca', OPENS],
    ['localhost', '127.0.0.1', 'ca', refused("127.0.0.1 failed: Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ")]
  ]
  for (const [name, domain, trusted, outcome] of HANDSHAKES) {
    it(`${name} certificate for ${domain} with ${trusted === 'ca' ? 'the CA that signed it' : 'a CA that did not sign it'}: ${outcome === OPENS ? 'opens' : 'tls-failure'}`, async () => {
      baseline = await snapshot()
      const { pem, key } = cert(name)
      server = new StartTlsServer(createSecureContext({ cert: pem, key }))
      const port = await server.listen()
      const config = resolveSignupConfig({ domains: { [domain]: { host: '127.0.0.1', port, tls: 'required', ca: trusted === 'ca' ? ca : wrongCa } }, timeout: 5000 })
      const result = await SignupStream.open(domain, config)
      if (outcome === OPENS) {
        const stream = opened(result)
        deepStrictEqual([stream.secure, stream.features], [true, { register: true, preauth: false }])
        await stream.close()
      } else {
        deepStrictEqual(result, outcome)
      }
    })
  }

  it("no handshake builds the peer chain (Node's getPeerCertificate is not called), whether the name is found or refused", async () => {
    baseline = await snapshot()
    const original = TLSSocket.prototype.getPeerCertificate
    const details: Array<boolean | undefined> = []
    TLSSocket.prototype.getPeerCertificate = function (this: TLSSocket, detailed?: boolean) {
      details.push(detailed)
      return original.call(this, detailed as true)
    } as typeof original
    try {
      const { pem, key } = cert('localhost')
      server = new StartTlsServer(createSecureContext({ cert: pem, key }))
      const port = await server.listen()
      for (const domain of ['localhost', 'other.example']) {
        const config = resolveSignupConfig({ domains: { [domain]: { host: '127.0.0.1', port, tls: 'required', ca } }, timeout: 5000 })
        const result = await SignupStream.open(domain, config)
        if ('data' in result) await result.data.close()
        deepStrictEqual(['data' in result, details], [domain === 'localhost', []])
      }
    } finally {
      TLSSocket.prototype.getPeerCertificate = original
    }
  })
})
