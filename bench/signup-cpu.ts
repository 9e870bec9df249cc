// Only the "200 sign-ups at once" part of `npm run bench`, several times in one process, on the
// TLS Prosody (started here unless it runs; stopped only if started here). Before the runs,
// BENCH_SIGNUP_WARMUP sequential sign-ups through the plugin (default 195: as many as the
// bench's rounds make before its concurrent run). Uses the built package (npm run build).
//   npx tsx bench/signup-cpu.ts [runs]
// Prints each run's gateway CPU per sign-up, lost sign-ups and streams left; on Linux also the
// CPU per sign-up of each thread of this process over the run (main: the event loop; the
// others: V8's compiler and GC helpers). SIGNUP_CPU_PROFILE=DIR writes an inspector CPU profile
// of each run's window to DIR/run-N.cpuprofile (it adds its own cost to the run's numbers).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'

import { TLS_PROSODY } from '../test/integration/prosody'
import { runConcurrentSignups } from './signup'
import { loadLibrary, Page, signupOptions, user, viaPlugin, type Target } from './signup-paths'

/** CPU ticks (user + system) of each thread of this process, by thread id; empty off Linux. */
const threadTicks = (): Map<string, number> => {
  const ticks = new Map<string, number>()
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks.set(tid, Number(fields[11]) + Number(fields[12]))
    }
  } catch { /* not Linux, or a thread ended meanwhile */ }
  return ticks
}

/** Milliseconds per sign-up of each thread between two `threadTicks` (10 ms ticks). */
const perThread = (before: Map<string, number>, after: Map<string, number>, signups: number): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const [tid, ticks] of after) {
    const ms = ((ticks - (before.get(tid) ?? 0)) * 10) / signups
    if (ms > 0) out[tid === String(process.pid) ? 'main' : tid] = Number(ms.toFixed(2))
  }
  return out
}

const main = async (): Promise<void> => {
  const runs = Number(process.argv[2] ?? 3)
  const warmUp = Number(process.env.BENCH_SIGNUP_WARMUP ?? 195)
  const profileDir = process.env.SIGNUP_CPU_PROFILE
  const session = profileDir === undefined ? undefined : new Session()
  session?.connect()
  TLS_PROSODY.start()
  try {
    const target: Target = { host: '127.0.0.1', port: TLS_PROSODY.port, ca: TLS_PROSODY.pem('PROSODY_CA'), domain: 'localhost' }
    await loadLibrary()
    const page = new Page(signupOptions(target))
    for (let i = 0; i < warmUp; i++) await viaPlugin(page, target, user('bench-warm'), 'pw-bench')
    page.attachment.close()
    for (let i = 1; i <= runs; i++) {
      if (session !== undefined) {
        await session.post('Profiler.enable')
        await session.post('Profiler.setSamplingInterval', { interval: 100 })
        await session.post('Profiler.start')
      }
      const before = threadTicks()
      const r = await runConcurrentSignups(target)
      const threads = perThread(before, threadTicks(), r.signups)
      if (session !== undefined) writeFileSync(join(profileDir!, `run-${i}.cpuprofile`), JSON.stringify((await session.post('Profiler.stop')).profile))
      console.log(JSON.stringify({ run: i, cpuMsPerSignup: Number(r.cpuMsPerSignup.toFixed(2)), wallMs: Math.round(r.wallMs), lost: r.lost, streamsLeft: r.streamsLeft, handlesLeft: r.handlesLeft, threads, errors: r.errors }))
    }
  } finally {
    session?.disconnect()
    TLS_PROSODY.stop()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
