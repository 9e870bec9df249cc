// Operator configuration of the sign-up: checked options with defaults, or a TypeError naming the key.
import { deepStrictEqual, throws } from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { resolveSignupConfig, serverFor, SIGNUP_DEFAULTS, type SignupConfig } from '../../../src/signup/config'

const PREFIX = 'xmpp-ftw-register sign-up configuration: '
// A real certificate: Node reads each PEM block (a CA that is no certificate is refused).
const CA = readFileSync(join(__dirname, '..', '..', 'fixtures', 'tls', 'ca.crt'), 'utf8')

const resolved = (domains: Array<[string, SignupConfig['domains'] extends ReadonlyMap<string, infer S> ? S : never]>, rest: Partial<Omit<SignupConfig, 'domains'>> = {}): SignupConfig => ({
  domains: new Map(domains),
  idleTimeout: SIGNUP_DEFAULTS.idleTimeout,
  maxStreams: SIGNUP_DEFAULTS.maxStreams,
  maxStanzaBytes: SIGNUP_DEFAULTS.maxStanzaBytes,
  timeout: SIGNUP_DEFAULTS.timeout,
  maxBobBytes: SIGNUP_DEFAULTS.maxBobBytes,
  ...rest
})

const VALID: Array<{ name: string; options: unknown; expected: SignupConfig }> = [
  {
    name: 'one domain, defaults',
    options: { domains: { 'example.org': { host: 'xmpp.example.org' } } },
    expected: resolved([['example.org', { host: 'xmpp.example.org', port: 5222, tls: 'required' }]])
  },
  {
    name: 'every setting; domain and host trimmed and lower-cased where they are names',
    options: {
      domains: { 'Example.ORG.': { host: ' 127.0.0.1 ', port: 15222, tls: 'optional', ca: CA }, localhost: { host: '::1', ca: [CA, Buffer.from(CA)] } },
      idleTimeout: 5000,
      maxStreams: 3,
      maxStanzaBytes: 4096,
      timeout: 2000,
      maxBobBytes: 0
    },
    expected: resolved([
      ['example.org', { host: '127.0.0.1', port: 15222, tls: 'optional', ca: CA }],
      ['localhost', { host: '::1', port: 5222, tls: 'required', ca: [CA, Buffer.from(CA)] }]
    ], { idleTimeout: 5000, maxStreams: 3, maxStanzaBytes: 4096, timeout: 2000, maxBobBytes: 0 })
  }
]

const INVALID: Array<{ name: string; options: unknown; message: string }> = [
  { name: 'no options', options: undefined, message: "options must be an object with 'domains'" },
  { name: 'no domains', options: {}, message: "'domains' must be an object with at least one domain" },
  { name: 'empty domains', options: { domains: {} }, message: "'domains' must be an object with at least one domain" },
  { name: 'domains a list', options: { domains: ['example.org'] }, message: "'domains' must be an object with at least one domain" },
  { name: 'a JID as domain', options: { domains: { 'a@example.org': { host: 'h' } } }, message: "'domains' key 'a@example.org' is not a domain" },
  { name: 'a domain twice', options: { domains: { 'example.org': { host: 'h' }, 'EXAMPLE.org': { host: 'h' } } }, message: "'domains' lists 'example.org' twice" },
  { name: 'server not an object', options: { domains: { 'example.org': 'h' } }, message: "'domains.example.org' must be an object with 'host'" },
  { name: 'no host', options: { domains: { 'example.org': {} } }, message: "'domains.example.org.host' must be a non-empty string" },
  { name: 'blank host', options: { domains: { 'example.org': { host: ' ' } } }, message: "'domains.example.org.host' must be a non-empty string" },
  { name: 'port 0', options: { domains: { 'example.org': { host: 'h', port: 0 } } }, message: "'domains.example.org.port' must be an integer from 1 to 65535" },
  { name: 'port a string', options: { domains: { 'example.org': { host: 'h', port: '5222' } } }, message: "'domains.example.org.port' must be an integer from 1 to 65535" },
  { name: 'tls off', options: { domains: { 'example.org': { host: 'h', tls: 'off' } } }, message: "'domains.example.org.tls' must be 'required' or 'optional'" },
  { name: 'tls false', options: { domains: { 'example.org': { host: 'h', tls: false } } }, message: "'domains.example.org.tls' must be 'required' or 'optional'" },
  { name: 'empty ca', options: { domains: { 'example.org': { host: 'h', ca: '' } } }, message: "'domains.example.org.ca' must be PEM certificates (-----BEGIN CERTIFICATE-----) as a string, a Buffer or a non-empty list of them; a file's path must be read first (readFileSync)" },
  { name: 'ca list with a number', options: { domains: { 'example.org': { host: 'h', ca: [CA, 1] } } }, message: "'domains.example.org.ca' must be PEM certificates (-----BEGIN CERTIFICATE-----) as a string, a Buffer or a non-empty list of them; a file's path must be read first (readFileSync)" },
  // Issue 21 #8 (accepted before): text Node's TLS would ignore, and misspelled keys.
  { name: 'ca a file path', options: { domains: { 'example.org': { host: 'h', ca: '/etc/ssl/my-ca.pem' } } }, message: "'domains.example.org.ca' must be PEM certificates (-----BEGIN CERTIFICATE-----) as a string, a Buffer or a non-empty list of them; a file's path must be read first (readFileSync)" },
  { name: 'ca a Buffer of a path', options: { domains: { 'example.org': { host: 'h', ca: Buffer.from('/etc/ssl/my-ca.pem') } } }, message: "'domains.example.org.ca' must be PEM certificates (-----BEGIN CERTIFICATE-----) as a string, a Buffer or a non-empty list of them; a file's path must be read first (readFileSync)" },
  { name: 'ca a PEM block that is no certificate', options: { domains: { 'example.org': { host: 'h', ca: '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n' } } }, message: "'domains.example.org.ca' must be PEM certificates (-----BEGIN CERTIFICATE-----) as a string, a Buffer or a non-empty list of them; a file's path must be read first (readFileSync)" },
  { name: 'ca list with a path', options: { domains: { 'example.org': { host: 'h', ca: [CA, 'my-ca.pem'] } } }, message: "'domains.example.org.ca' must be PEM certificates (-----BEGIN CERTIFICATE-----) as a string, a Buffer or a non-empty list of them; a file's path must be read first (readFileSync)" },
  { name: 'a misspelled option', options: { domains: { 'example.org': { host: 'h' } }, idletimeout: 5000 }, message: "unknown key 'idletimeout' (known: domains, idleTimeout, maxStreams, maxStanzaBytes, timeout, maxBobBytes)" },
  { name: 'a misspelled server key', options: { domains: { 'example.org': { host: 'h', tsl: 'optional' } } }, message: "unknown key 'domains.example.org.tsl' (known: host, port, tls, ca)" },
  { name: 'idleTimeout 0', options: { domains: { 'example.org': { host: 'h' } }, idleTimeout: 0 }, message: "'idleTimeout' must be an integer from 1 to 2147483647" },
  { name: 'idleTimeout past the timer limit', options: { domains: { 'example.org': { host: 'h' } }, idleTimeout: 2 ** 31 }, message: "'idleTimeout' must be an integer from 1 to 2147483647" },
  { name: 'maxStreams 1.5', options: { domains: { 'example.org': { host: 'h' } }, maxStreams: 1.5 }, message: "'maxStreams' must be an integer from 1 to 1000000" },
  { name: 'maxStanzaBytes too small', options: { domains: { 'example.org': { host: 'h' } }, maxStanzaBytes: 100 }, message: "'maxStanzaBytes' must be an integer from 1024 to 1073741824" },
  { name: 'timeout NaN', options: { domains: { 'example.org': { host: 'h' } }, timeout: Number.NaN }, message: "'timeout' must be an integer from 1 to 2147483647" },
  { name: 'maxBobBytes negative', options: { domains: { 'example.org': { host: 'h' } }, maxBobBytes: -1 }, message: "'maxBobBytes' must be an integer from 0 to 2147483647" }
]

describe('sign-up configuration', () => {
  for (const { name, options, expected } of VALID) {
    it(`accepts: ${name}`, () => deepStrictEqual(resolveSignupConfig(options), expected))
  }
  for (const { name, options, message } of INVALID) {
    it(`refuses: ${name}`, () => throws(() => resolveSignupConfig(options), { name: 'TypeError', message: PREFIX + message }))
  }

  const config = resolveSignupConfig({ domains: { 'example.org': { host: 'h' } } })
  const SERVER_FOR: Array<[string, ReturnType<typeof serverFor>]> = [
    ['example.org', { domain: 'example.org', server: { host: 'h', port: 5222, tls: 'required' } }],
    ['EXAMPLE.org.', { domain: 'example.org', server: { host: 'h', port: 5222, tls: 'required' } }],
    ['example.com', undefined],
    ['user@example.org', undefined],
    ['example.org/resource', undefined],
    ['', undefined]
  ]
  for (const [domain, expected] of SERVER_FOR) {
    it(`serverFor(${JSON.stringify(domain)})`, () => deepStrictEqual(serverFor(config, domain), expected))
  }
})
