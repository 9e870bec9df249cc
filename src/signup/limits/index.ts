/**
 * Per-client sign-up limits of the sign-up before login (issue 16; XEP-0077 In-Band
 * Registration through the gateway, which hides every browser behind the gateway's address):
 * accounts per client per period (a place reserved before the set is sent, given back when the
 * server refuses it), sign-up streams open at once per client, `account.get` per client per
 * period, and accounts per period for the whole deployment. Shared by every process through
 * Redis when the operator gives a client (rate-limiter-flexible), else per process.
 */
import { log } from '../../core/log'
import { clientKey } from '../client-address'
import type { PolicyViolationError } from '../types'
import type { LimitSettings } from './options'
import { Limit, StoreHealth, type LimitName, type Over, type Taken } from './store'

/** The key every client without a known address counts under (all together). */
export const UNKNOWN_CLIENT = 'unknown'

/** The process warning's code when sockets have no `clientAddress`. */
export const NO_CLIENT_ADDRESS_WARNING = 'XMPP_FTW_REGISTER_NO_CLIENT_ADDRESS'

const DESCRIPTIONS: Record<LimitName, string> = {
  accounts: 'Too many accounts were created from your network',
  accountsTotal: 'Too many accounts were created on this service',
  streams: 'Too many sign-ups are open from your network',
  gets: 'Too many sign-up requests from your network'
}

/** The error of a request over `limit`, with the store's time until a place frees. */
export const policyViolation = (limit: LimitName, msBeforeNext: number): PolicyViolationError => {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000))
  return { type: 'wait', condition: 'policy-violation', description: `${DESCRIPTIONS[limit]}; try again in ${retryAfter} s`, retryAfter }
}

/** A place held until `release()` (idempotent; never rejects). */
export interface Place {
  release(): Promise<void>
}

/** A stream's place: `touch()` on each request takes it again once its store window ended. */
export interface StreamPlace extends Place {
  touch(): Promise<void>
}

const isOver = (result: Taken | Over): result is Over => 'msBeforeNext' in result

const onlyOnce = (work: () => Promise<void>): (() => Promise<void>) => {
  let done: Promise<void> | undefined
  return () => (done ??= work().catch(() => undefined))
}

const NOTHING: Place = { release: async () => undefined }

/** The limits of one set of settings in this process (all processes on the same Redis share the counts). */
export class SignupLimits {
  private readonly accounts: Limit | undefined
  private readonly accountsTotal: Limit | undefined
  private readonly streams: Limit | undefined
  private readonly gets: Limit | undefined

  constructor(private readonly settings: LimitSettings, idleTimeout: number) {
    const health = new StoreHealth((line) => {
      log(line)
      settings.log(line)
    }, settings.retryInterval)
    const limit = (name: LimitName, points: number, seconds: number): Limit | undefined =>
      points === 0 ? undefined : new Limit(name, points, seconds, settings.keyPrefix, settings.redis, health, settings.timeout)
    this.accounts = limit('accounts', settings.accountsPerClient, settings.accountPeriod)
    this.accountsTotal = limit('accountsTotal', settings.accountsTotal, settings.totalPeriod)
    // A stream place's window is the idle timeout: the places of a process that dies holding
    // them go when the window ends, at most idleTimeout later.
    this.streams = limit('streams', settings.streamsPerClient, Math.max(1, Math.ceil(idleTimeout / 1000)))
    this.gets = limit('gets', settings.getsPerClient, settings.getPeriod)
  }

  /** Whether any per-client limit is on. */
  get perClient(): boolean {
    return this.accounts !== undefined || this.streams !== undefined || this.gets !== undefined
  }

  /** The key of a client address (IPv6 per prefix); every client without an IP address shares one. */
  keyOf(address: unknown): string {
    return clientKey(address, this.settings.ipv6Prefix) ?? UNKNOWN_CLIENT
  }

  /**
   * Before an `account.set` is sent: a place in the client's and the deployment's account
   * limits. `release()` when the server refused the set; keep it when the account was created
   * or the outcome is unknown (timeout, stream lost: the account may exist).
   */
  async reserveAccount(key: string): Promise<Place | PolicyViolationError> {
    const own = await this.accounts?.take(key, true)
    if (own !== undefined && isOver(own)) return policyViolation('accounts', own.msBeforeNext)
    const total = await this.accountsTotal?.take('all', true)
    if (total !== undefined && isOver(total)) {
      if (own !== undefined) await this.accounts?.give(key, own)
      return policyViolation('accountsTotal', total.msBeforeNext)
    }
    if (own === undefined && total === undefined) return NOTHING
    return {
      release: onlyOnce(async () => {
        await Promise.all([
          own === undefined ? undefined : this.accounts?.give(key, own),
          total === undefined ? undefined : this.accountsTotal?.give('all', total)
        ])
      })
    }
  }

  /** Before a sign-up stream opens: one of the client's stream places until `release()`. */
  async openStream(key: string): Promise<StreamPlace | PolicyViolationError> {
    const streams = this.streams
    if (streams === undefined) return { touch: async () => undefined, release: async () => undefined }
    const first = await streams.take(key, true)
    if (isOver(first)) return policyViolation('streams', first.msBeforeNext)
    let taken = first
    let released = false
    return {
      touch: async () => {
        if (released || Date.now() < taken.until) return
        taken = await streams.retake(key)
      },
      release: onlyOnce(async () => {
        released = true
        await streams.give(key, taken)
      })
    }
  }

  /** Before an `account.get`: counts it (nothing to give back). */
  async countGet(key: string): Promise<PolicyViolationError | undefined> {
    const counted = await this.gets?.take(key, false)
    return counted !== undefined && isOver(counted) ? policyViolation('gets', counted.msBeforeNext) : undefined
  }
}

/** The process's limits per settings: every socket attached with the same settings shares one. */
const NONE = {}
const cache = new WeakMap<object, WeakMap<object, Map<string, SignupLimits>>>()

/**
 * The limits of `settings` in this process, made on first use: the per-process counts (and the
 * memory fallback while Redis is down) are shared by every socket attached with equal settings,
 * the same Redis client and the same `log`.
 */
export const limitsFor = (settings: LimitSettings, idleTimeout: number): SignupLimits => {
  const byRedis = cache.get(settings.redis ?? NONE) ?? new WeakMap<object, Map<string, SignupLimits>>()
  cache.set(settings.redis ?? NONE, byRedis)
  const byLog = byRedis.get(settings.log) ?? new Map<string, SignupLimits>()
  byRedis.set(settings.log, byLog)
  const key = JSON.stringify([settings.accountsPerClient, settings.accountPeriod, settings.streamsPerClient, settings.getsPerClient,
    settings.getPeriod, settings.accountsTotal, settings.totalPeriod, settings.ipv6Prefix, settings.timeout, settings.retryInterval,
    settings.keyPrefix, idleTimeout])
  let limits = byLog.get(key)
  if (limits === undefined) {
    limits = new SignupLimits(settings, idleTimeout)
    byLog.set(key, limits)
  }
  return limits
}

let warnedNoAddress = false

/** One process warning the first time a socket with per-client limits has no client address. */
export const warnNoClientAddress = (): void => {
  if (warnedNoAddress) return
  warnedNoAddress = true
  process.emitWarning('xmpp-ftw-register sign-up: no clientAddress given (or not an IP address): such sockets count as one client for the sign-up limits; pass clientAddress (e.g. socketIoClientAddress(socket, trustedProxies))', { code: NO_CLIENT_ADDRESS_WARNING })
}
