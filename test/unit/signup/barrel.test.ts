// src/signup/index.ts: the sign-up unit's one entry point re-exports each module's values
// (the example server and the browser test import from it), the very same objects.
import { deepStrictEqual } from 'node:assert/strict'

import * as attach from '../../../src/signup/attach'
import * as clientAddress from '../../../src/signup/client-address'
import * as config from '../../../src/signup/config'
import * as limits from '../../../src/signup/limits'
import * as limitOptions from '../../../src/signup/limits/options'
import * as signup from '../../../src/signup'
import * as invite from '../../../src/signup/invite'
import * as stream from '../../../src/signup/stream'
import * as validate from '../../../src/signup/validate'
import * as replies from '../../../src/xep0077/replies'

const SOURCES: Array<[string, Record<string, unknown>, string[]]> = [
  ['config', config, ['resolveSignupConfig', 'serverFor', 'normalizeDomain', 'SIGNUP_DEFAULTS']],
  ['invite', invite, ['parseInvite', 'isToken', 'INVITE_MESSAGES', 'MAX_INVITE_CHARS', 'MAX_TOKEN_CHARS']],
  ['stream', stream, ['SignupStream', 'signupStreamCount']],
  ['xep0077/replies', replies, ['registrationMode']],
  ['validate', validate, ['checkAccountGet', 'checkAccountSet', 'SIGNUP_MESSAGES']],
  ['attach', attach, ['attachSignup', 'SIGNUP_EVENTS', 'SIGNUP_REFUSALS']],
  ['client-address', clientAddress, ['clientKey', 'compileTrust', 'socketIoClientAddress', 'DEFAULT_IPV6_PREFIX']],
  ['limits/options', limitOptions, ['resolveLimits', 'LIMIT_DEFAULTS']],
  ['limits', limits, ['SignupLimits', 'limitsFor', 'policyViolation']]
]

describe('sign-up entry point (src/signup/index.ts)', () => {
  it('exports exactly these values, each the object its module exports', () => {
    const barrel = signup as unknown as Record<string, unknown>
    const expected = SOURCES.flatMap(([, _module, names]) => names).sort()
    deepStrictEqual(Object.keys(barrel).filter((k) => k !== 'default').sort(), expected)
    for (const [name, module, names] of SOURCES) {
      for (const key of names) deepStrictEqual([name, key, barrel[key] === module[key]], [name, key, true])
    }
  })
})
