/**
 * Operator configuration of the sign-up before login (XEP-0077 In-Band Registration on an
 * unauthenticated stream, with XEP-0445 tokens and XEP-0401 invites): which domains a page
 * may sign up for and where their servers are. The browser names only a domain from this
 * list; it never chooses a host or a port. Checked once, at attach time: a bad configuration
 * throws a `TypeError` naming the key.
 */
import { X509Certificate } from 'node:crypto'

import { DEFAULT_MAX_BOB_BYTES } from '../media/bob'
import { parseJid } from '../transport/jid'
import { resolveLimits, type LimitSettings, type SignupLimitOptions } from './limits/options'
import { isObject } from '../core/json'
import { fail, integer, MAX_DELAY, onlyKnownKeys } from './option-checks'

/** TLS policy for one server: `required` (default) or `optional` (plaintext allowed when no STARTTLS is offered). */
export type TlsPolicy = 'required' | 'optional'

/** A certificate authority in PEM: a string, a Buffer, or a list of them. */
export type CaInput = string | Buffer | ReadonlyArray<string | Buffer>

/** Where the server of one domain is. */
export interface SignupServerOptions {
  /** Host name or IP address to connect to. */
  host: string
  /** TCP port (default 5222). */
  port?: number
  /** `required` (default): no sign-up without STARTTLS. `optional`: STARTTLS when offered, else plaintext. */
  tls?: TlsPolicy
  /** CA certificates to verify the server with, instead of the system's. */
  ca?: CaInput
}

/** Options of the sign-up before login. */
export interface SignupOptions {
  /** The domains that may be signed up for, each with its server. */
  domains: Record<string, SignupServerOptions>
  /** Milliseconds a sign-up stream may stay without a request before it is closed (default 120000). */
  idleTimeout?: number
  /** Most sign-up streams open at once in this process (default 100). */
  maxStreams?: number
  /** Most bytes the server may send in one stanza (default 262144); more closes the stream. */
  maxStanzaBytes?: number
  /** Milliseconds to wait for the connection, TLS and each reply (default 10000). */
  timeout?: number
  /** Most decoded bytes of one XEP-0231 image put on a form as a `data:` URI (default 65536; 0: none, no fetches). */
  maxBobBytes?: number
  /**
   * Per-client and deployment-wide sign-up limits, shared through Redis when `limits.redis` is
   * given (default: `LIMIT_DEFAULTS`, counted per process); `false`: none.
   */
  limits?: SignupLimitOptions | false
  /**
   * The address of this socket's browser, which the per-client limits count by (e.g.
   * `socketIoClientAddress(socket, trustedProxies)`). Without it, or when it is no IP address,
   * the socket counts with every other such socket as one client.
   */
  clientAddress?: string
}

/** A checked server entry. */
export interface SignupServer {
  host: string
  port: number
  tls: TlsPolicy
  ca?: string | Buffer | Array<string | Buffer>
}

/** A checked configuration, defaults filled in; domains are lower-case. */
export interface SignupConfig {
  domains: ReadonlyMap<string, SignupServer>
  idleTimeout: number
  maxStreams: number
  maxStanzaBytes: number
  timeout: number
  maxBobBytes: number
  limits: LimitSettings
  clientAddress: string | undefined
}

/** Defaults of the optional settings. */
export const SIGNUP_DEFAULTS = {
  port: 5222,
  idleTimeout: 120000,
  maxStreams: 100,
  maxStanzaBytes: 262144,
  timeout: 10000,
  maxBobBytes: DEFAULT_MAX_BOB_BYTES
} as const

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g

/**
 * Whether `value` holds PEM certificates and nothing Node would skip: at least one block, each
 * a certificate Node can read. Node's TLS ignores text that is not PEM (a file path, say), which
 * would make every sign-up fail with `tls-failure` at run time instead of here.
 */
const isPem = (value: unknown): value is string | Buffer => {
  if (typeof value !== 'string' && !Buffer.isBuffer(value)) return false
  const blocks = (typeof value === 'string' ? value : value.toString('latin1')).match(PEM_BLOCK)
  if (blocks === null) return false
  try {
    for (const block of blocks) new X509Certificate(block)
    return true
  } catch {
    return false
  }
}

const checkCa = (value: unknown, key: string): SignupServer['ca'] => {
  if (value === undefined) return undefined
  if (isPem(value)) return value
  if (Array.isArray(value) && value.length > 0 && value.every(isPem)) return [...value]
  return fail(`'${key}' must be PEM certificates (-----BEGIN CERTIFICATE-----) as a string, a Buffer or a non-empty list of them; a file's path must be read first (readFileSync)`)
}

/** The keys of a server entry. */
const SERVER_KEYS = ['host', 'port', 'tls', 'ca'] as const

/** The keys of the options. */
const OPTION_KEYS = ['domains', 'idleTimeout', 'maxStreams', 'maxStanzaBytes', 'timeout', 'maxBobBytes', 'limits', 'clientAddress'] as const

const checkServer = (domain: string, value: unknown): SignupServer => {
  const key = `domains.${domain}`
  if (!isObject(value)) return fail(`'${key}' must be an object with 'host'`)
  onlyKnownKeys(value, SERVER_KEYS, `${key}.`)
  const { host, port, tls, ca } = value
  if (typeof host !== 'string' || host.trim() === '') return fail(`'${key}.host' must be a non-empty string`)
  if (tls !== undefined && tls !== 'required' && tls !== 'optional') return fail(`'${key}.tls' must be 'required' or 'optional'`)
  const server: SignupServer = {
    host: host.trim(),
    port: integer(port, `${key}.port`, SIGNUP_DEFAULTS.port, 1, 65535),
    tls: tls ?? 'required'
  }
  const checkedCa = checkCa(ca, `${key}.ca`)
  if (checkedCa !== undefined) server.ca = checkedCa
  return server
}

/** A string (an IP address or not: a non-IP address counts as an unknown client) or undefined. */
const checkClientAddress = (value: unknown): string | undefined => {
  if (value !== undefined && typeof value !== 'string') return fail("'clientAddress' must be a string (the browser's IP address)")
  return value
}

/** The lower-case form of a domain as configured or requested; undefined when it is no domain. */
export const normalizeDomain = (domain: string): string | undefined => {
  const parts = parseJid(domain)
  if (parts === undefined || parts.local !== undefined || parts.resource !== undefined) return undefined
  const normal = parts.domain.toLowerCase().replace(/\.$/, '')
  return normal === '' ? undefined : normal
}

/** Checks the operator's options and fills in the defaults; throws a `TypeError` naming the bad key. */
export const resolveSignupConfig = (options: unknown): SignupConfig => {
  if (!isObject(options)) return fail("options must be an object with 'domains'")
  onlyKnownKeys(options, OPTION_KEYS, '')
  const { domains } = options
  if (!isObject(domains) || Object.keys(domains).length === 0) return fail("'domains' must be an object with at least one domain")
  const checked = new Map<string, SignupServer>()
  for (const [name, server] of Object.entries(domains)) {
    const domain = normalizeDomain(name)
    if (domain === undefined) return fail(`'domains' key '${name}' is not a domain`)
    if (checked.has(domain)) return fail(`'domains' lists '${domain}' twice`)
    checked.set(domain, checkServer(name, server))
  }
  return {
    domains: checked,
    idleTimeout: integer(options.idleTimeout, 'idleTimeout', SIGNUP_DEFAULTS.idleTimeout, 1, MAX_DELAY),
    maxStreams: integer(options.maxStreams, 'maxStreams', SIGNUP_DEFAULTS.maxStreams, 1, 1_000_000),
    maxStanzaBytes: integer(options.maxStanzaBytes, 'maxStanzaBytes', SIGNUP_DEFAULTS.maxStanzaBytes, 1024, 1 << 30),
    timeout: integer(options.timeout, 'timeout', SIGNUP_DEFAULTS.timeout, 1, MAX_DELAY),
    maxBobBytes: integer(options.maxBobBytes, 'maxBobBytes', SIGNUP_DEFAULTS.maxBobBytes, 0, MAX_DELAY),
    limits: resolveLimits(options.limits),
    clientAddress: checkClientAddress(options.clientAddress)
  }
}

/** The server of `domain` (any case), or undefined when the operator did not list it. */
export const serverFor = (config: SignupConfig, domain: string): { domain: string; server: SignupServer } | undefined => {
  const normal = normalizeDomain(domain)
  const server = normal === undefined ? undefined : config.domains.get(normal)
  return server === undefined || normal === undefined ? undefined : { domain: normal, server }
}
