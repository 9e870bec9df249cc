// `npm run fuzz`: each property over FUZZ_RUNS cases (default 100,000), then the sign-up
// through the plugin's socket events (real sockets to a scripted server) over
// SIGNUP_PLUGIN_FUZZ_RUNS cases (default 2,000), printing the seed, the time, and what the
// cases did. FUZZ_SEED=<seed> replays; a failure prints its counterexample and exits non-zero.
import fc from 'fast-check'

import { describeStats, PROPERTIES } from '../test/fuzz/properties'
import { describeSignupStats, signupPluginProperty } from '../test/fuzz/signup-plugin'
import { snapshot } from '../test/support/handles'

const runs = Number(process.env.FUZZ_RUNS ?? 100000)
const signupRuns = Number(process.env.SIGNUP_PLUGIN_FUZZ_RUNS ?? 2000)

const seedOf = (): number => Number(process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)))

/** Prints one property's outcome; true when it held. */
const report = <T>(name: string, details: fc.RunDetails<T>, seed: number, started: number, stats: string): boolean => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (details.failed) {
    console.log(`FAIL ${name}: seed ${seed}, ${details.numRuns} cases, ${seconds} s`)
    console.log(fc.defaultReportMessage(details))
    return false
  }
  console.log(`ok   ${name}: ${details.numRuns} cases, seed ${seed}, ${seconds} s`)
  console.log(`     ${stats}`)
  return true
}

const main = async (): Promise<number> => {
  let failed = 0
  for (const [key, name, property] of PROPERTIES) {
    const seed = seedOf()
    const started = Date.now()
    const details = fc.check(property(), { numRuns: runs, seed })
    if (!report(name, details, seed, started, describeStats(key, 10))) failed += 1
  }
  const seed = seedOf()
  const started = Date.now()
  const details = await fc.check(signupPluginProperty(await snapshot()), { numRuns: signupRuns, seed })
  if (!report('sign-up through the socket events: every callback once, one stream per socket, nothing left, no secret logged', details, seed, started, describeSignupStats(14))) failed += 1
  console.log(`fuzz: ${PROPERTIES.length + 1 - failed} properties passed, ${failed} failed, ${runs} cases each (sign-up: ${signupRuns})`)
  return failed
}

main().then((failed) => process.exit(failed === 0 ? 0 : 1), (e: unknown) => {
  console.error(e)
  process.exit(1)
})
