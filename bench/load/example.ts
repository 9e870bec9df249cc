// Starts the example (examples/web/start.ts) in a child process on a free port, for the load
// tool and the cluster tests: its URL, its primary's pid, the workers it says are serving.
import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

/** A running example server (its own process group is not used: stop() stops the primary, which stops its workers). */
export interface SpawnedExample {
  url: string
  /** The primary's pid (with EXAMPLE_WORKERS=0, the one server process). */
  primary: number
  /** Every line it printed so far (its workers' too). */
  log: string[]
  /** The pids of the workers that said they serve and did not die since. */
  workers(): number[]
  /** Resolves once a line matching `pattern` was printed (or at once if one was), rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>
  /** SIGTERM (SIGKILL after 8 s); resolves once it exited. */
  stop(): Promise<void>
}

const ROOT = join(__dirname, '..', '..')

/**
 * Runs `examples/web/start.ts` with `env` added (EXAMPLE_WORKERS, REDIS_URL, …; EXAMPLE_PORT is
 * 0) and resolves once it prints its URL; each line also goes to `logFile` when given.
 */
export const spawnExample = (env: Record<string, string>, logFile?: string, timeoutMs = 60000): Promise<SpawnedExample> => new Promise((resolve, reject) => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'examples', 'web', 'start.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Every virtual browser comes from 127.0.0.1: the per-client sign-up limits would refuse all but
    // the first sign-up, so they are off unless `env` says otherwise.
    env: { EXAMPLE_SIGNUP_LIMITS: 'off', ...process.env, ...env, EXAMPLE_PORT: '0' }
  })
  const log: string[] = []
  const waiters: Array<{ pattern: RegExp; done: (line: string) => void }> = []
  const serving = new Map<number, boolean>()
  let served = false
  const stop = (): Promise<void> => new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      done()
      return
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000)
    child.once('exit', () => {
      clearTimeout(timer)
      done()
    })
    child.kill('SIGTERM')
  })
  const startTimer = setTimeout(() => {
    void stop()
    reject(new Error(`the example server did not serve within ${timeoutMs} ms:\n${log.join('\n')}`))
  }, timeoutMs)
  const example: SpawnedExample = {
    url: '',
    primary: child.pid!,
    log,
    workers: () => [...serving].filter(([, alive]) => alive).map(([pid]) => pid),
    waitFor: (pattern, ms) => new Promise((found, fail) => {
      const line = log.find((l) => pattern.test(l))
      if (line !== undefined) {
        found(line)
        return
      }
      const timer = setTimeout(() => fail(new Error(`no line like ${pattern} within ${ms} ms`)), ms)
      waiters.push({ pattern, done: (l) => {
        clearTimeout(timer)
        found(l)
      } })
    }),
    stop
  }
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      log.push(line)
      if (logFile !== undefined) appendFileSync(logFile, `${line}\n`)
      const worker = /^worker \d+ pid (\d+) (ready|died)/.exec(line)
      if (worker) serving.set(Number(worker[1]), worker[2] === 'ready')
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.done(line)
      }
      const match = /open (http:\/\/\S+)/.exec(line)
      if (match && !served) {
        served = true
        clearTimeout(startTimer)
        example.url = match[1]!
        resolve(example)
      }
    })
  }
  child.once('exit', (code, signal) => {
    clearTimeout(startTimer)
    if (!served) reject(new Error(`the example server exited (${signal ?? code}):\n${log.join('\n')}`))
  })
})
