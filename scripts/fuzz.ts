// `npm run fuzz`: each property over FUZZ_RUNS cases (default 100,000), printing the seed,
// the time, and what the cases did. FUZZ_SEED=<seed> replays; a failure prints its
// counterexample and exits non-zero.
import fc from 'fast-check'

import { describeStats, PROPERTIES } from '../test/fuzz/properties'

const runs = Number(process.env.FUZZ_RUNS ?? 100000)
let failed = 0
for (const [key, name, property] of PROPERTIES) {
  const seed = Number(process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)))
  const started = Date.now()
  const details = fc.check(property(), { numRuns: runs, seed })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (details.failed) {
    failed += 1
    console.log(`FAIL ${name}: seed ${seed}, ${details.numRuns} cases, ${seconds} s`)
    console.log(fc.defaultReportMessage(details))
  } else {
    console.log(`ok   ${name}: ${details.numRuns} cases, seed ${seed}, ${seconds} s`)
    console.log(`     ${describeStats(key, 10)}`)
  }
}
console.log(`fuzz: ${PROPERTIES.length - failed} properties passed, ${failed} failed, ${runs} cases each`)
process.exit(failed === 0 ? 0 : 1)
