// What the per-client sign-up limits (issue 16) add to one sign-up: the limit calls one
// sign-up makes through the plugin (count the get, take a stream place, touch it at the set,
// reserve an account place, free the stream place), each sequence on a fresh client so that
// nothing is refused, timed alone on the per-process memory store and on a real Redis
// (scripts/redis.sh, loopback), and divided by the whole sign-up's median of the same run.
// Uses the built package (npm run build).
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

import Redis from 'ioredis'

import type * as LimitsModule from '../src/signup/limits'
import type * as OptionsModule from '../src/signup/limits/options'

const dist = join(__dirname, '..', 'dist')
/* eslint-disable @typescript-eslint/no-require-imports */
const limitsModule = require(join(dist, 'signup', 'limits')) as typeof LimitsModule
const optionsModule = require(join(dist, 'signup', 'limits', 'options')) as typeof OptionsModule
/* eslint-enable @typescript-eslint/no-require-imports */

export interface LimitsCost {
  /** Sequences timed (after a warm-up). */
  count: number
  medianMs: number
  p90Ms: number
}

const quantiles = (samples: number[]): Omit<LimitsCost, 'count'> => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return { medianMs: at(0.5), p90Ms: at(0.9) }
}

/** A new Redis client for the bench (the operator's options the README advises); quit by the caller. */
export const benchRedis = async (port: number): Promise<Redis> => {
  const redis = new Redis({ host: '127.0.0.1', port, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  redis.on('error', () => undefined)
  await new Promise((resolve) => (redis.status === 'ready' ? resolve(null) : redis.once('ready', resolve)))
  return redis
}

/** The limit calls of `n` sign-ups (after `warmUp`), each on its own client, with the default limits on `redis` or in memory. */
export const runLimitsCost = async (redis: Redis | undefined, n = 1000, warmUp = 100): Promise<LimitsCost> => {
  const settings = optionsModule.resolveLimits({ keyPrefix: `bench-${process.pid}-${Date.now()}`, ...(redis === undefined ? {} : { redis }) })
  const limits = new limitsModule.SignupLimits(settings, 120000)
  const samples: number[] = []
  for (let i = 0; i < n + warmUp; i++) {
    const key = limits.keyOf(`198.18.${(i >> 8) & 255}.${i & 255}`)
    const start = performance.now()
    const over = await limits.countGet(key)
    const place = await limits.openStream(key)
    if (over !== undefined || !('release' in place)) throw new Error('a bench client was refused')
    await place.touch()
    const account = await limits.reserveAccount(key)
    if (!('release' in account)) throw new Error('a bench account was refused')
    await place.release()
    if (i >= warmUp) samples.push(performance.now() - start)
  }
  return { count: n, ...quantiles(samples) }
}
