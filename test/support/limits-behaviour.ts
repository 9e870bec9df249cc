// Test-only (issue 16): what every store of the sign-up limits must do, run against the
// per-process memory (test/unit/signup/limits.test.ts) and a real Redis shared by two
// "processes" (test/integration/limits-redis.test.ts). Whole values compared; `make` builds one
// process's limits on a fresh key prefix.
import { deepStrictEqual } from 'node:assert/strict'

import { policyViolation, type SignupLimits } from '../../src/signup/limits'
import type { SignupLimitOptions } from '../../src/signup/limits/options'

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Builds one process's limits with `options` (a fresh key prefix per call of `prefix`) and the sign-up's idle timeout. */
export type MakeLimits = (options: SignupLimitOptions, idleTimeout?: number) => SignupLimits

/** The outcome of each call as a short word: 'ok' or the refusal. */
const outcome = (r: unknown): unknown => (typeof r === 'object' && r !== null && 'condition' in r ? r : 'ok')

export const limitsBehaviour = (make: MakeLimits): void => {
  it('accounts: reserved, refused over the limit with the store\'s retryAfter, given back on refusal (once)', async () => {
    const limits = make({ accountsPerClient: 2, accountPeriod: 600 })
    const a = await limits.reserveAccount('k')
    const b = await limits.reserveAccount('k')
    deepStrictEqual([outcome(a), outcome(b), outcome(await limits.reserveAccount('k'))], ['ok', 'ok', policyViolation('accounts', 600_000)])
    if (!('release' in a)) throw new Error('a refused')
    await a.release()
    await a.release()
    deepStrictEqual([outcome(await limits.reserveAccount('k')), outcome(await limits.reserveAccount('k')), outcome(await limits.reserveAccount('other'))],
      ['ok', policyViolation('accounts', 600_000), 'ok'])
  })

  it('accounts: refused attempts do not keep a given-back place taken', async () => {
    const limits = make({ accountsPerClient: 1 })
    const a = await limits.reserveAccount('k')
    const refused = []
    for (let i = 0; i < 5; i++) refused.push(outcome(await limits.reserveAccount('k')))
    deepStrictEqual(refused, Array(5).fill(policyViolation('accounts', 600_000)))
    if ('release' in a) await a.release()
    deepStrictEqual(outcome(await limits.reserveAccount('k')), 'ok')
  })

  it('accounts: 20 parallel reservations get exactly the 3 places', async () => {
    const limits = make({ accountsPerClient: 3 })
    const all = await Promise.all(Array.from({ length: 20 }, () => limits.reserveAccount('k')))
    deepStrictEqual(all.filter((r) => 'release' in r).length, 3)
  })

  it('accountsTotal: the deployment limit; the client\'s place goes back when it refuses', async () => {
    const limits = make({ accountsPerClient: 1, accountsTotal: 2, totalPeriod: 3600 })
    const a = await limits.reserveAccount('a')
    deepStrictEqual([outcome(a), outcome(await limits.reserveAccount('b')), outcome(await limits.reserveAccount('c'))],
      ['ok', 'ok', policyViolation('accountsTotal', 3_600_000)])
    if ('release' in a) await a.release()
    deepStrictEqual(outcome(await limits.reserveAccount('c')), 'ok')
  })

  it('streams: places at once, given back on close, gone with the idle timeout when a process dies', async () => {
    const limits = make({ streamsPerClient: 2 }, 1000)
    const a = await limits.openStream('k')
    const b = await limits.openStream('k')
    deepStrictEqual([outcome(a), outcome(b), outcome(await limits.openStream('k'))], ['ok', 'ok', policyViolation('streams', 1000)])
    if ('release' in a) await a.release()
    const d = await limits.openStream('k')
    deepStrictEqual(outcome(d), 'ok')
    // b and d are never given back (their process "died"): their window ends within the idle timeout.
    await sleep(1100)
    deepStrictEqual([outcome(await limits.openStream('k')), outcome(await limits.openStream('k'))], ['ok', 'ok'])
    // Giving back a place of an ended window gives nothing (no third place appears).
    if ('release' in b) await b.release()
    if ('release' in d) await d.release()
    deepStrictEqual(outcome(await limits.openStream('k')), policyViolation('streams', 1000))
  })

  it('streams: touch() takes the place of a stream still open again in a new window', async () => {
    const limits = make({ streamsPerClient: 1 }, 1000)
    const a = await limits.openStream('k')
    await sleep(1100)
    if ('touch' in a) await a.touch()
    deepStrictEqual(outcome(await limits.openStream('k')), policyViolation('streams', 1000))
    if ('release' in a) await a.release()
    deepStrictEqual(outcome(await limits.openStream('k')), 'ok')
  })

  it('gets: counted per client per period', async () => {
    const limits = make({ getsPerClient: 3, getPeriod: 60 })
    const got = []
    for (let i = 0; i < 4; i++) got.push(await limits.countGet('k'))
    got.push(await limits.countGet('other'))
    deepStrictEqual(got, [undefined, undefined, undefined, policyViolation('gets', 60_000), undefined])
  })

  it('periods expire: an account place is free again after its period', async () => {
    const limits = make({ accountsPerClient: 1, accountPeriod: 1 })
    deepStrictEqual([outcome(await limits.reserveAccount('k')), outcome(await limits.reserveAccount('k'))], ['ok', policyViolation('accounts', 1000)])
    await sleep(1100)
    deepStrictEqual(outcome(await limits.reserveAccount('k')), 'ok')
  })

  it('0 switches each limit off', async () => {
    const limits = make({ accountsPerClient: 0, streamsPerClient: 0, getsPerClient: 0, accountsTotal: 0 })
    const seen = new Set<unknown>()
    for (let i = 0; i < 50; i++) {
      seen.add(outcome(await limits.reserveAccount('k')))
      seen.add(outcome(await limits.openStream('k')))
      seen.add(outcome(await limits.countGet('k')))
    }
    deepStrictEqual([...seen], ['ok'])
  })
}
