// Property test of the sign-up before login through the plugin's socket events, on xmpp-ftw
// 2.0 and 1.18 (see ./signup-plugin). Real sockets to a scripted server: a bounded number of
// cases in CI (SIGNUP_PLUGIN_FUZZ_RUNS, default 150); `npm run fuzz` runs more.
// FUZZ_SEED=<seed> replays a run.
import fc from 'fast-check'

import { snapshot } from '../support/handles'
import { describeSignupStats, signupPluginProperty } from './signup-plugin'

const runs = Number(process.env.SIGNUP_PLUGIN_FUZZ_RUNS ?? 150)

describe(`property test: sign-up through the plugin's socket events against a random server (${runs} cases)`, function () {
  this.timeout(600000)

  it('every callback once; one stream per socket; nothing left; no password or token logged', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)))
    console.log(`      seed ${seed}`)
    await fc.assert(signupPluginProperty(await snapshot()), { numRuns: runs, seed })
    console.log(`      ${describeSignupStats()}`)
  })
})
