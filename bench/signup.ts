// The sign-up benchmarks of issue 10 on the TLS Prosody (STARTTLS required, certificate
// verified): (a) one whole sign-up through the plugin's socket events against SignupStream
// directly and against the same exchange by hand on the stream library, interleaved rounds
// with the order rotated; (b) many concurrent sign-ups through the plugin: none lost, no
// stream left. Uses the built package (npm run build).
import { performance } from 'node:perf_hooks'

import { handles } from '../test/support/handles'
import { handlesLeft, loadLibrary, Page, signupOptions, signupStreamCount, user, viaConnection, viaPlugin, viaSignupStream, type Target } from './signup-paths'

export interface Timing { medianMs: number; p90Ms: number; count: number }
export interface SignupRoundsResult {
  rounds: number
  plugin: Timing
  signupStream: Timing
  byHand: Timing
  /** Ratios of medians. */
  pluginToSignupStream: number
  pluginToByHand: number
}
export interface ConcurrentResult {
  signups: number
  wallMs: number
  /** CPU time of this process (user + system) over the run, per sign-up. */
  cpuMsPerSignup: number
  plugin: Timing
  lost: number
  /** Sign-up streams still counted once every callback came. */
  streamsLeft: number
  /** Sockets and timers more than before, once settled. */
  handlesLeft: Record<string, number>
  errors: string[]
}

const timing = (samples: number[]): Timing => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return { medianMs: at(0.5), p90Ms: at(0.9), count: samples.length }
}

/** (a) `rounds` rounds (after `warmUp`), each one sign-up by each path, the order rotated per round. */
export const runSignupRounds = async (t: Target, rounds = Number(process.env.BENCH_SIGNUP_ROUNDS ?? 60), warmUp = 5): Promise<SignupRoundsResult> => {
  await loadLibrary()
  const options = signupOptions(t)
  const page = new Page(options)
  const paths: Array<[keyof typeof samples, () => Promise<number>]> = [
    ['plugin', () => viaPlugin(page, t, user('bench-plugin'), 'pw-bench')],
    ['signupStream', () => viaSignupStream(options, t, user('bench-stream'), 'pw-bench')],
    ['byHand', () => viaConnection(options, t, user('bench-hand'), 'pw-bench')]
  ]
  const samples = { plugin: [] as number[], signupStream: [] as number[], byHand: [] as number[] }
  try {
    for (let i = 0; i < rounds + warmUp; i++) {
      for (let k = 0; k < paths.length; k++) {
        const [name, run] = paths[(i + k) % paths.length]!
        const ms = await run()
        if (i >= warmUp) samples[name].push(ms)
      }
    }
  } finally {
    page.attachment.close()
  }
  const plugin = timing(samples.plugin)
  const signupStream = timing(samples.signupStream)
  const byHand = timing(samples.byHand)
  return {
    rounds,
    plugin,
    signupStream,
    byHand,
    pluginToSignupStream: plugin.medianMs / signupStream.medianMs,
    pluginToByHand: plugin.medianMs / byHand.medianMs
  }
}

/** (b) `n` sign-ups at once through the plugin, each on its own socket (cap `maxStreams: n`), with `extra(i)` options each. */
export const runConcurrentSignups = async (
  t: Target, n = Number(process.env.BENCH_SIGNUP_CONCURRENT ?? 200), extra: (i: number) => Record<string, unknown> = () => ({})
): Promise<ConcurrentResult> => {
  await loadLibrary()
  const baseline = handles()
  const pages = Array.from({ length: n }, (_, i) => new Page(signupOptions(t, { maxStreams: n, timeout: 60000, ...extra(i) })))
  const errors: string[] = []
  const cpu = process.cpuUsage()
  const started = performance.now()
  const results = await Promise.all(pages.map((page) => viaPlugin(page, t, user('bench-many'), 'pw-bench').catch((e: unknown) => {
    errors.push(e instanceof Error ? e.message : String(e))
    return undefined
  })))
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  const streamsLeft = signupStreamCount()
  for (const page of pages) page.attachment.close()
  const left = await handlesLeft(baseline)
  const done = results.filter((ms): ms is number => ms !== undefined)
  return { signups: n, wallMs, cpuMsPerSignup: (used.user + used.system) / 1000 / n, plugin: timing(done), lost: n - done.length, streamsLeft, handlesLeft: left, errors: [...new Set(errors)].slice(0, 5) }
}
