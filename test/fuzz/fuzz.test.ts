// Property tests run in CI with a bounded number of cases (FUZZ_RUNS, default 3000);
// `npm run fuzz` runs many more. Each prints its seed: FUZZ_SEED=<seed> replays a run.
import fc from 'fast-check'

import { describeStats, PROPERTIES } from './properties'

const runs = Number(process.env.FUZZ_RUNS ?? 3000)

describe(`property tests (${runs} cases each)`, function () {
  this.timeout(300000)
  for (const [key, name, property] of PROPERTIES) {
    it(name, () => {
      const seed = Number(process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)))
      console.log(`      seed ${seed}`)
      fc.assert(property(), { numRuns: runs, seed })
      console.log(`      ${describeStats(key)}`)
    })
  }
})
