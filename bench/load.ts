// `npm run load`: virtual browsers (socket.io-client, websocket or polling) each doing a whole
// journey through the example server (examples/web) on the project's Prosody with STARTTLS
// required (bench/load/journey.ts). Starts Prosody unless running and the example on --workers
// processes (its cluster), or drives a running one (--url, with --pid for its primary). Shows a
// progress bar, then one table (bench/load/report.ts): journeys/s, p50/p95/p99 of each step,
// errors by condition, the CPU time and RSS of each process (workers, primary, Prosody, this
// load generator; /proc/<pid>/stat), the bottleneck named. Accounts a journey made and did not
// remove are counted, named and removed at the end. Faults: --kill-worker S, --restart-xmpp S.
//
//   npm run load -- --count 50 --concurrency 10 --transport polling --workers 2
//   npm run load -- --duration 30 --concurrency 20 --kill-worker 10 --retries 2
//
// Loopback only; bounded by --count and --duration (at most 600 s), each step by --step-timeout.
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

import { Presets, SingleBar } from 'cli-progress'

import { TLS_PROSODY } from '../test/integration/prosody'
import { spawnExample, type SpawnedExample } from './load/example'
import { CONNECTION_LEVEL, Failure, journey, removeAccount, STEPS, type Accounts, type JourneyOptions, type Step } from './load/journey'
import { parseOptions, type LoadOptions } from './load/options'
import { machineCpu, nodeChildren, peakRss, procStat, type ProcStat } from './load/proc'
import { renderReport, summary, type RunResult } from './load/report'

const ROOT = join(__dirname, '..')
const RUN = `${Date.now().toString(36)}${process.pid.toString(36)}`

/** Stops the TLS Prosody and starts it again, without blocking this process. */
const restartProsody = (): Promise<void> => new Promise((resolve) => {
  const env = { ...process.env, PROSODY_TLS: '1', PROSODY_PORT: String(TLS_PROSODY.port) }
  const script = join(ROOT, 'scripts', 'prosody.sh')
  const child = spawn('bash', ['-c', `bash "${script}" stop && bash "${script}" start`], { env, stdio: 'ignore' })
  child.once('exit', () => resolve())
})

/** Samples the CPU and memory of the example's processes and Prosody over the run. */
const watchProcesses = (primary: number | undefined, workers: number) => {
  const pidFile = join(TLS_PROSODY.env().PROSODY_DIR!, 'prosody.pid')
  const prosodyPids = new Set<number>()
  const pids = (): number[] => {
    let prosody: number | undefined
    try {
      prosody = Number(readFileSync(pidFile, 'utf8').trim())
      prosodyPids.add(prosody)
    } catch {
      // stopped (a restart)
    }
    return [...(primary === undefined ? [] : [primary, ...nodeChildren(primary)]), ...(prosody === undefined ? [] : [prosody])]
  }
  const before = new Map<number, ProcStat>()
  for (const pid of pids()) {
    const s = procStat(pid)
    if (s) before.set(pid, s)
  }
  const seen = new Map(before)
  const sample = (): void => {
    for (const pid of pids()) {
      const s = procStat(pid)
      if (s) seen.set(pid, s)
    }
  }
  const timer = setInterval(sample, 250)
  return {
    stop: () => {
      clearInterval(timer)
      sample()
      return [...seen].map(([pid, end]) => {
        const start = before.get(pid)
        const role = prosodyPids.has(pid) ? 'Prosody' : pid === primary ? (workers === 0 ? 'server (one process)' : 'primary (sticky)') : 'worker'
        const name = `${role}${start === undefined ? ' (new)' : ''} ${pid}${procStat(pid) === undefined ? ' (gone)' : ''}`
        return { name, cpuMs: end.cpuMs - (start?.cpuMs ?? 0), rssMiB: end.rssMiB, ...(peakRss(pid) === undefined ? {} : { peakMiB: peakRss(pid)! }) }
      })
    }
  }
}

const run = async (options: LoadOptions, target: JourneyOptions, primary: number | undefined): Promise<RunResult> => {
  const accounts: Accounts = new Map()
  // Warm-up: one journey, not counted (the page bundle, TLS contexts, JIT).
  await journey(target, `load-${RUN}-warmup`, accounts).catch((e: unknown) => console.error(`warm-up journey failed: ${String(e)}`))
  const watch = watchProcesses(primary, options.workers)
  const selfCpu0 = process.cpuUsage()
  const machine0 = machineCpu()
  const samples = new Map<Step, number[]>(STEPS.map((s) => [s, []]))
  const errors: RunResult['errors'] = new Map()
  let ok = 0
  let failed = 0
  let lost = 0
  let restarts = 0
  let started = 0
  const byTime = options.duration > 0 && options.count >= 1_000_000
  const total = byTime ? options.duration : options.count
  const bar = new SingleBar({
    format: `${options.transport} ×${options.concurrency}, ${options.workers} worker(s) [{bar}] {value}/{total}${byTime ? ' s' : ''} | ok {ok} failed {failed}`,
    noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 5000, stream: process.stderr
  }, Presets.shades_classic)
  bar.start(total, 0, { ok, failed })
  const t0 = performance.now()
  const deadline = options.duration > 0 ? t0 + options.duration * 1000 : Infinity
  const progress = setInterval(() => bar.update(byTime ? Math.min(total, Math.round((performance.now() - t0) / 1000)) : ok + failed, { ok, failed }), 500)
  const faults: Array<Promise<void>> = []
  const timers: NodeJS.Timeout[] = []
  if (options.killWorker !== undefined && primary !== undefined) {
    timers.push(setTimeout(() => {
      const victim = nodeChildren(primary)[0]
      if (victim !== undefined) process.kill(victim, 'SIGKILL')
    }, options.killWorker * 1000))
  }
  if (options.restartXmpp !== undefined) timers.push(setTimeout(() => faults.push(restartProsody()), options.restartXmpp * 1000))
  const browser = async (): Promise<void> => {
    while (started < options.count && performance.now() < deadline) {
      const n = ++started
      for (let attempt = 0; ; attempt++) {
        let watchdog: NodeJS.Timeout | undefined
        try {
          // Every step has its limit; this one bounds the whole journey in case something has none.
          const timings = await Promise.race([
            journey(target, `load-${RUN}-${n}${attempt === 0 ? '' : `r${attempt}`}`, accounts),
            new Promise<never>((_resolve, reject) => {
              watchdog = setTimeout(() => reject(new Failure('journey', { condition: 'stuck', description: `no outcome within ${8 * options.stepTimeoutMs} ms` })), 8 * options.stepTimeoutMs)
            })
          ])
          for (const [step, value] of Object.entries(timings)) samples.get(step as Step)!.push(value)
          ok++
          break
        } catch (e) {
          const failure = e instanceof Failure ? e : new Failure('journey', { condition: 'exception', description: String(e) })
          const key = failure.message
          // xmpp-ftw may give an object as the description (e.g. a socket error): kept as JSON.
          const said: unknown = failure.error.description
          const entry = errors.get(key) ?? { count: 0, description: typeof said === 'string' ? said : JSON.stringify(said) ?? '' }
          entry.count++
          errors.set(key, entry)
          if (CONNECTION_LEVEL.has(failure.error.condition) && attempt < options.retries && performance.now() < deadline) {
            // As a page would: wait longer at each attempt (0.5 s, 1 s, 2 s…, with jitter), then start over.
            restarts++
            await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt * (0.5 + Math.random())))
            continue
          }
          if (failure.error.condition === 'no-answer' || failure.error.condition === 'stuck') lost++
          failed++
          break
        } finally {
          clearTimeout(watchdog)
        }
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, browser))
  const wallMs = performance.now() - t0
  for (const timer of timers) clearTimeout(timer)
  await Promise.all(faults)
  clearInterval(progress)
  bar.update(byTime ? total : ok + failed, { ok, failed })
  bar.stop()
  const processes = watch.stop()
  const selfCpu = process.cpuUsage(selfCpu0)
  processes.push({ name: `load generator ${process.pid}`, cpuMs: (selfCpu.user + selfCpu.system) / 1000, rssMiB: process.memoryUsage().rss / 1048576, ...(peakRss(process.pid) === undefined ? {} : { peakMiB: peakRss(process.pid)! }) })
  const machine1 = machineCpu()
  const machineBusy = ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * (await import('node:os')).availableParallelism()
  // Accounts made and not removed: counted, named, removed.
  const left = new Map<string, string>()
  for (const [name, passwords] of accounts) left.set(name, await removeAccount(target, name, passwords))
  const title = `${options.transport}, ${ok + failed} journeys (${byTime ? `${options.duration} s` : `count ${options.count}`}), concurrency ${options.concurrency}, ` +
    `${options.url === undefined ? `${options.workers} worker(s)` : options.url}${options.redisUrl ? ', Redis adapter' : ''}${options.noSticky ? ', NO sticky' : ''}` +
    `${options.killWorker === undefined ? '' : `, a worker SIGKILLed at ${options.killWorker} s`}${options.restartXmpp === undefined ? '' : `, Prosody restarted at ${options.restartXmpp} s`}`
  return { title, ok, failed, lost, restarts, wallMs, samples, errors, processes, machineBusy, left }
}

const main = async (): Promise<void> => {
  const options = parseOptions()
  mkdirSync(join(ROOT, 'test-results'), { recursive: true })
  const exampleLog = join(ROOT, 'test-results', 'load-example.log')
  writeFileSync(exampleLog, '')
  let example: SpawnedExample | undefined
  let prosodyStarted = false
  const cleanup = async (): Promise<void> => {
    await example?.stop()
    if (prosodyStarted) TLS_PROSODY.stop()
  }
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)))
  try {
    if (options.url === undefined) {
      TLS_PROSODY.start()
      prosodyStarted = true
      example = await spawnExample({
        EXAMPLE_WORKERS: String(options.workers),
        ...(options.redisUrl === undefined ? {} : { REDIS_URL: options.redisUrl }),
        ...(options.noSticky ? { EXAMPLE_NO_STICKY: '1' } : {})
      }, exampleLog)
    }
    const url = options.url ?? example!.url
    const result = await run(options, { url, transport: options.transport, domain: options.domain, stepTimeoutMs: options.stepTimeoutMs }, options.pid ?? example?.primary)
    console.log(renderReport(result))
    const notable = (example?.log ?? []).filter((l) => /died|replac|rror|keep dying/.test(l))
    if (notable.length > 0) console.log(`\nThe example server said (${exampleLog}):\n  ${notable.slice(0, 20).join('\n  ')}`)
    if (options.json !== undefined) writeFileSync(options.json, JSON.stringify(summary(result), null, 2))
    // The last sockets' close packets (a long-polling POST each) are still on their way: let
    // them reach the server, or it holds those sessions until their ping timeout.
    await new Promise((resolve) => setTimeout(resolve, 500))
  } finally {
    await cleanup()
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e)
  process.exit(1)
})
