// Operator configuration of the sign-up: checked options with defaults, or a TypeError naming the key.
import { deepStrictEqual, throws } from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { resolveSignupConfig, serverFor, SIGNUP_DEFAULTS, type SignupConfig } from '../../../src/signup/config'
import { resolveLimits } from '../../../src/signup/limits/options'

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
  limits: resolveLimits(undefined),
  clientAddress: undefined,
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

// Issue 16: the limits (false: every count off) and the client's address.
const log = (): void => undefined
const redis = { defineCommand: (): void => undefined }
VALID.push(
  {
    name: 'limits off',
    options: { domains: { 'example.org': { host: 'h' } }, limits: false, clientAddress: '203.0.113.7' },
    expected: resolved([['example.org', { host: 'h', port: 5222, tls: 'required' }]], {
      limits: { ...resolveLimits(undefined), accountsPerClient: 0, streamsPerClient: 0, getsPerClient: 0, accountsTotal: 0 },
      clientAddress: '203.0.113.7'
    })
  },
  {
    name: 'every limit set',
    options: {
      domains: { 'example.org': { host: 'h' } },
      limits: { accountsPerClient: 2, accountPeriod: 60, streamsPerClient: 0, getsPerClient: 5, getPeriod: 10, accountsTotal: 100, totalPeriod: 86400, ipv6Prefix: 56, redis, timeout: 200, retryInterval: 1000, keyPrefix: 'site', log },
      clientAddress: 'not an address'
    },
    expected: resolved([['example.org', { host: 'h', port: 5222, tls: 'required' }]], {
      limits: { accountsPerClient: 2, accountPeriod: 60, streamsPerClient: 0, getsPerClient: 5, getPeriod: 10, accountsTotal: 100, totalPeriod: 86400, ipv6Prefix: 56, redis, timeout: 200, retryInterval: 1000, keyPrefix: 'site', log },
      clientAddress: 'not an address'
    })
  }
)

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
  { name: 'a misspelled option', options: { domains: { 'example.org': { host: 'h' } }, idletimeout: 5000 }, message: "unknown key 'idletimeout' (known: domains, idleTimeout, maxStreams, maxStanzaBytes, timeout, maxBobBytes, limits, clientAddress)" },
  { name: 'a misspelled server key', options: { domains: { 'example.org': { host: 'h', tsl: 'optional' } } }, message: "unknown key 'domains.example.org.tsl' (known: host, port, tls, ca)" },
  { name: 'idleTimeout 0', options: { domains: { 'example.org': { host: 'h' } }, idleTimeout: 0 }, message: "'idleTimeout' must be an integer from 1 to 2147483647" },
  { name: 'idleTimeout past the timer limit', options: { domains: { 'example.org': { host: 'h' } }, idleTimeout: 2 ** 31 }, message: "'idleTimeout' must be an integer from 1 to 2147483647" },
  { name: 'maxStreams 1.5', options: { domains: { 'example.org': { host: 'h' } }, maxStreams: 1.5 }, message: "'maxStreams' must be an integer from 1 to 1000000" },
  { name: 'maxStanzaBytes too small', options: { domains: { 'example.org': { host: 'h' } }, maxStanzaBytes: 100 }, message: "'maxStanzaBytes' must be an integer from 1024 to 1073741824" },
  { name: 'timeout NaN', options: { domains: { 'example.org': { host: 'h' } }, timeout: Number.NaN }, message: "'timeout' must be an integer from 1 to 2147483647" },
  { name: 'maxBobBytes negative', options: { domains: { 'example.org': { host: 'h' } }, maxBobBytes: -1 }, message: "'maxBobBytes' must be an integer from 0 to 2147483647" },
  { name: 'limits true', options: { domains: { 'example.org': { host: 'h' } }, limits: true }, message: "'limits' must be an object or false" },
  { name: 'a misspelled limit', options: { domains: { 'example.org': { host: 'h' } }, limits: { accountsPerclient: 1 } }, message: "unknown key 'limits.accountsPerclient' (known: accountsPerClient, accountPeriod, streamsPerClient, getsPerClient, getPeriod, accountsTotal, totalPeriod, ipv6Prefix, redis, timeout, retryInterval, keyPrefix, log)" },
  { name: 'a negative limit', options: { domains: { 'example.org': { host: 'h' } }, limits: { getsPerClient: -1 } }, message: "'limits.getsPerClient' must be an integer from 0 to 1000000" },
  { name: 'a period of 0', options: { domains: { 'example.org': { host: 'h' } }, limits: { accountPeriod: 0 } }, message: "'limits.accountPeriod' must be an integer from 1 to 31536000" },
  { name: 'an IPv6 prefix past 128', options: { domains: { 'example.org': { host: 'h' } }, limits: { ipv6Prefix: 129 } }, message: "'limits.ipv6Prefix' must be an integer from 0 to 128" },
  { name: 'redis a URL', options: { domains: { 'example.org': { host: 'h' } }, limits: { redis: 'redis://127.0.0.1' } }, message: "'limits.redis' must be an ioredis client (new Redis(…) or new Redis.Cluster(…))" },
  { name: 'a store timeout of 0', options: { domains: { 'example.org': { host: 'h' } }, limits: { timeout: 0 } }, message: "'limits.timeout' must be an integer from 1 to 2147483647" },
  { name: 'an empty key prefix', options: { domains: { 'example.org': { host: 'h' } }, limits: { keyPrefix: '' } }, message: "'limits.keyPrefix' must be a string of 1 to 200 characters" },
  { name: 'log not a function', options: { domains: { 'example.org': { host: 'h' } }, limits: { log: 'console' } }, message: "'limits.log' must be a function" },
  { name: 'clientAddress not a string', options: { domains: { 'example.org': { host: 'h' } }, clientAddress: 1 }, message: "'clientAddress' must be a string (the browser's IP address)" }
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
