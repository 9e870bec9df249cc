/**
 * The operator's `limits` option of the sign-up before login (issue 16; XEP-0077 In-Band
 * Registration through the gateway): per-client and deployment-wide limits, their store
 * (Redis or per-process memory) and how clients are counted. Checked at attach time: a bad
 * value throws a `TypeError` naming its key.
 */
import { DEFAULT_IPV6_PREFIX } from '../client-address'
import { isObject } from '../../core/json'
import { fail, integer, MAX_DELAY, onlyKnownKeys } from '../option-checks'
import type { RedisClient } from './store'

/** The `limits` of the sign-up options; each count is off with 0. */
export interface SignupLimitOptions {
  /** Accounts created per client per `accountPeriod` (default 1; 0: no limit). */
  accountsPerClient?: number
  /** Seconds (default 600: ejabberd's `registration_timeout`). */
  accountPeriod?: number
  /** Sign-up streams open at once per client, across processes with Redis (default 3; 0: no limit). */
  streamsPerClient?: number
  /** `xmpp.register.account.get` requests per client per `getPeriod` (default 10; 0: no limit). */
  getsPerClient?: number
  /** Seconds (default 60). */
  getPeriod?: number
  /** Accounts created through the whole deployment per `totalPeriod` (default 0: no limit). */
  accountsTotal?: number
  /** Seconds (default 3600). */
  totalPeriod?: number
  /** IPv6 clients are counted per prefix of this many bits (default 64); IPv4 per address. */
  ipv6Prefix?: number
  /** An ioredis client every process shares; without it the counts are per process (memory). */
  redis?: RedisClient
  /** Most ms one Redis call may take; past it, or on an error, per-process limits answer (default 1000). */
  timeout?: number
  /** While Redis is down, ms between background tries (default 5000). */
  retryInterval?: number
  /** Prefix of the store's keys (default `xmpp-ftw-register:signup`). */
  keyPrefix?: string
  /** Gets the line when Redis fails and when it answers again (default: a process warning, code `XMPP_FTW_REGISTER_LIMITS`). */
  log?: (line: string) => void
}

/** The checked limits, defaults filled in. */
export interface LimitSettings {
  accountsPerClient: number
  accountPeriod: number
  streamsPerClient: number
  getsPerClient: number
  getPeriod: number
  accountsTotal: number
  totalPeriod: number
  ipv6Prefix: number
  redis: RedisClient | undefined
  timeout: number
  retryInterval: number
  keyPrefix: string
  log: (line: string) => void
}

/** The defaults of the limits (the README gives the reasons). */
export const LIMIT_DEFAULTS = {
  accountsPerClient: 1,
  accountPeriod: 600,
  streamsPerClient: 3,
  getsPerClient: 10,
  getPeriod: 60,
  accountsTotal: 0,
  totalPeriod: 3600,
  ipv6Prefix: DEFAULT_IPV6_PREFIX,
  timeout: 1000,
  retryInterval: 5000,
  keyPrefix: 'xmpp-ftw-register:signup'
} as const

/** The process warning's code of the limits' store events. */
export const LIMITS_WARNING = 'XMPP_FTW_REGISTER_LIMITS'

const warn = (line: string): void => {
  process.emitWarning(line, { code: LIMITS_WARNING })
}

const LIMIT_KEYS = ['accountsPerClient', 'accountPeriod', 'streamsPerClient', 'getsPerClient', 'getPeriod', 'accountsTotal',
  'totalPeriod', 'ipv6Prefix', 'redis', 'timeout', 'retryInterval', 'keyPrefix', 'log'] as const

/** Most places of one limit; most seconds of one period (a year). */
const MAX_POINTS = 1_000_000
const MAX_PERIOD = 31_536_000

/** Every limit off (`limits: false`). */
const OFF = { accountsPerClient: 0, streamsPerClient: 0, getsPerClient: 0, accountsTotal: 0 } as const

/** Checks the `limits` option (`false`: all off) and fills in the defaults. */
export const resolveLimits = (value: unknown): LimitSettings => {
  if (value !== undefined && value !== false && !isObject(value)) return fail("'limits' must be an object or false")
  const options: Record<string, unknown> = value === false ? OFF : value ?? {}
  onlyKnownKeys(options, LIMIT_KEYS, 'limits.')
  const count = (key: keyof typeof LIMIT_DEFAULTS, max = MAX_POINTS): number =>
    integer(options[key], `limits.${key}`, LIMIT_DEFAULTS[key] as number, 0, max)
  const period = (key: keyof typeof LIMIT_DEFAULTS): number =>
    integer(options[key], `limits.${key}`, LIMIT_DEFAULTS[key] as number, 1, MAX_PERIOD)
  const { redis, keyPrefix, log } = options
  if (redis !== undefined && !(isObject(redis) && typeof redis.defineCommand === 'function')) {
    return fail("'limits.redis' must be an ioredis client (new Redis(…) or new Redis.Cluster(…))")
  }
  if (keyPrefix !== undefined && (typeof keyPrefix !== 'string' || keyPrefix === '' || keyPrefix.length > 200)) {
    return fail("'limits.keyPrefix' must be a string of 1 to 200 characters")
  }
  if (log !== undefined && typeof log !== 'function') return fail("'limits.log' must be a function")
  return {
    accountsPerClient: count('accountsPerClient'),
    accountPeriod: period('accountPeriod'),
    streamsPerClient: count('streamsPerClient'),
    getsPerClient: count('getsPerClient'),
    getPeriod: period('getPeriod'),
    accountsTotal: count('accountsTotal'),
    totalPeriod: period('totalPeriod'),
    ipv6Prefix: integer(options.ipv6Prefix, 'limits.ipv6Prefix', LIMIT_DEFAULTS.ipv6Prefix, 0, 128),
    redis: redis as RedisClient | undefined,
    timeout: integer(options.timeout, 'limits.timeout', LIMIT_DEFAULTS.timeout, 1, MAX_DELAY),
    retryInterval: integer(options.retryInterval, 'limits.retryInterval', LIMIT_DEFAULTS.retryInterval, 1, MAX_DELAY),
    keyPrefix: (keyPrefix as string | undefined) ?? LIMIT_DEFAULTS.keyPrefix,
    log: (log as ((line: string) => void) | undefined) ?? warn
  }
}
