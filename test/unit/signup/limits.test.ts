// The sign-up limits (issue 16) on the per-process memory store: the behaviour every store
// shows (test/support/limits-behaviour.ts), the process's sharing by settings, and the error.
import { deepStrictEqual, equal, notEqual } from 'node:assert/strict'

import { limitsFor, policyViolation, SignupLimits } from '../../../src/signup/limits'
import { resolveLimits } from '../../../src/signup/limits/options'
import { limitsBehaviour } from '../../support/limits-behaviour'

let prefix = 0
const fresh = (): string => `test-memory-${process.pid}-${prefix++}`

describe('sign-up limits in memory (one process)', () => {
  limitsBehaviour((options, idleTimeout = 120000) => new SignupLimits(resolveLimits({ ...options, keyPrefix: fresh() }), idleTimeout))

  it('the refusal: wait / policy-violation with the seconds to wait, rounded up, at least 1', () => {
    deepStrictEqual([policyViolation('accounts', 599_001), policyViolation('gets', 0), policyViolation('streams', 1), policyViolation('accountsTotal', 3_600_000)], [
      { type: 'wait', condition: 'policy-violation', description: 'Too many accounts were created from your network; try again in 600 s', retryAfter: 600 },
      { type: 'wait', condition: 'policy-violation', description: 'Too many sign-up requests from your network; try again in 1 s', retryAfter: 1 },
      { type: 'wait', condition: 'policy-violation', description: 'Too many sign-ups are open from your network; try again in 1 s', retryAfter: 1 },
      { type: 'wait', condition: 'policy-violation', description: 'Too many accounts were created on this service; try again in 3600 s', retryAfter: 3600 }
    ])
  })

  it('sockets attached with equal settings share one set of limits; other settings, another', () => {
    const keyPrefix = fresh()
    const a = limitsFor(resolveLimits({ keyPrefix }), 120000)
    equal(limitsFor(resolveLimits({ keyPrefix }), 120000), a)
    notEqual(limitsFor(resolveLimits({ keyPrefix }), 60000), a)
    notEqual(limitsFor(resolveLimits({ keyPrefix, accountsPerClient: 2 }), 120000), a)
    notEqual(limitsFor(resolveLimits({ keyPrefix, log: () => undefined }), 120000), a)
  })

  it('client keys: IPv4 as is, IPv6 per the configured prefix, anything else one unknown client', () => {
    const limits = new SignupLimits(resolveLimits({ keyPrefix: fresh(), ipv6Prefix: 48 }), 120000)
    deepStrictEqual(['198.51.100.7', '2001:db8:1:2::1', '2001:db8:1:ffff::1', 'x', undefined].map((a) => limits.keyOf(a)),
      ['198.51.100.7', '2001:db8:1::/48', '2001:db8:1::/48', 'unknown', 'unknown'])
    deepStrictEqual([limits.perClient, new SignupLimits(resolveLimits(false), 120000).perClient], [true, false])
  })
})
