// The sign-up limits (issue 16) on a real Redis (scripts/redis.sh): the behaviour every store
// shows, two "processes" (two ioredis clients, two sets of limits) sharing every count, and
// Redis stopped, or frozen with SIGSTOP, mid-run and back: no call waits past the bound (here
// 300 ms; with no bound a frozen Redis never answers), per-process limits meanwhile, one log
// line when it goes and one when it is back, then the shared counts again.
import { deepStrictEqual, ok } from 'node:assert/strict'

import Redis, { type RedisOptions } from 'ioredis'

import { SignupLimits } from '../../src/signup/limits'
import { resolveLimits, type SignupLimitOptions } from '../../src/signup/limits/options'
import { limitsBehaviour, sleep } from '../support/limits-behaviour'
import { REDIS } from './redis'

let n = 0
const fresh = (): string => `test-redis-${process.pid}-${Date.now()}-${n++}`
const outcome = (r: unknown): string => (typeof r === 'object' && r !== null && 'condition' in r ? 'refused' : 'ok')

describe('sign-up limits on a real Redis', function () {
  this.timeout(30000)
  const clients: Redis[] = []
  const client = (options: RedisOptions = {}): Redis => {
    const c = new Redis({ host: '127.0.0.1', port: REDIS.port, connectTimeout: 1000, ...options })
    c.on('error', () => undefined) // the operator's listener: reconnection errors are not the limits' to log
    clients.push(c)
    return c
  }
  const make = (options: SignupLimitOptions, idleTimeout = 120000, redis: Redis = client()): SignupLimits =>
    new SignupLimits(resolveLimits({ keyPrefix: fresh(), ...options, redis }), idleTimeout)

  before(() => REDIS.start())
  after(() => {
    for (const c of clients.splice(0)) c.disconnect()
    REDIS.stop()
  })

  describe('one process', () => limitsBehaviour((options, idleTimeout) => make(options, idleTimeout)))

  it('two processes share every limit: 20 parallel reservations across both get the 3 places; a dead process\'s stream places go with the idle timeout', async () => {
    const options = { keyPrefix: fresh(), accountsPerClient: 3, streamsPerClient: 2 }
    const p1 = make(options, 1000)
    const p2 = make(options, 1000)
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? p1 : p2).reserveAccount('k')))
    deepStrictEqual(all.filter((r) => 'release' in r).length, 3)
    deepStrictEqual([outcome(await p1.openStream('k')), outcome(await p1.openStream('k')), outcome(await p2.openStream('k'))], ['ok', 'ok', 'refused'])
    await sleep(1100) // p1 "died" holding both places
    deepStrictEqual(outcome(await p2.openStream('k')), 'ok')
  })

  const outage = async (how: 'stopped' | 'frozen', options: RedisOptions): Promise<void> => {
    const lines: string[] = []
    const redis = client(options)
    const watcher = client()
    await new Promise((resolve) => (redis.status === 'ready' ? resolve(null) : redis.once('ready', resolve)))
    const keyPrefix = fresh()
    const limits = make({ keyPrefix, timeout: 300, retryInterval: 500, accountsPerClient: 2, log: (line) => lines.push(line) }, 120000, redis)
    deepStrictEqual(outcome(await limits.reserveAccount('k')), 'ok')
    if (how === 'stopped') {
      REDIS.kill()
      for (let i = 0; i < 50 && redis.status === 'ready'; i++) await sleep(10)
    } else {
      REDIS.freeze(true)
    }
    const outcomes: string[] = []
    let longest = 0
    try {
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now()
        outcomes.push(outcome(await limits.reserveAccount('k')))
        longest = Math.max(longest, performance.now() - t0)
      }
    } finally {
      if (how === 'stopped') REDIS.revive()
      else REDIS.freeze(false)
    }
    // Per-process limits while Redis is gone: the memory limiter starts empty (2 places).
    deepStrictEqual(outcomes, ['ok', 'ok', 'refused', 'refused'])
    ok(longest < 2000, `no call waits for Redis past its bound (longest ${Math.round(longest)} ms)`)
    const until = Date.now() + 10000
    while (lines.length < 2 && Date.now() < until) {
      await limits.countGet('k') // requests keep coming; one of them, after retryInterval, tries Redis
      await sleep(100)
    }
    const reason = how === 'frozen' ? 'no answer within 300 ms' : lines[0]?.replace(/^sign-up limits: Redis failed \((.*)\); .*$/, '$1')
    deepStrictEqual(lines, [
      `sign-up limits: Redis failed (${reason}); per-process limits until it answers again`,
      'sign-up limits: Redis answers again; limits are shared again'
    ])
    // Shared again. Stopped: Redis starts empty (no persistence). Frozen: the place taken before
    // the outage still counts, and consumes that landed late were given back.
    const again = await limits.reserveAccount('k')
    await sleep(300)
    deepStrictEqual([outcome(again), Number(await watcher.get(`${keyPrefix}:accounts:k`))], how === 'stopped' ? ['ok', 1] : ['ok', 2])
  }

  it('Redis stopped mid-run (ioredis defaults: offline queue): bounded, per-process limits, one line when gone, one when back', async () => {
    await outage('stopped', {})
  })
  it('Redis stopped mid-run (enableOfflineQueue: false, maxRetriesPerRequest: 1, as the README advises)', async () => {
    await outage('stopped', { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  })
  it('Redis frozen (SIGSTOP) mid-run: bounded by the timeout; consumes answered late are given back', async () => {
    await outage('frozen', {})
  })
})
