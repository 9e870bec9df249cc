// Memory after abandoned sign-ups (issue 10): the browser's socket goes away mid-flow through
// the plugin, on the TLS Prosody, in four places taken in turn: right after account.get
// (stream still opening), after the get's answer (stream open and idle), right after
// account.set (waiting for the answer), and after the get with `end` instead of `disconnect`.
// Heap used after global.gc() against the start (after a warm-up), the sockets, timers and
// sign-up streams left, and the callbacks not called. Run with `node --expose-gc`; prints JSON.
// Needs the built package and the TLS Prosody running (bench/run.ts starts it).
import { handles } from '../test/support/handles'
import { TLS_PROSODY } from '../test/integration/prosody'
import { canCollect, heap } from './memory'
import { handlesLeft, loadLibrary, Page, signupOptions, signupStreamCount, user, type Target } from './signup-paths'

export interface SignupMemoryResult {
  signups: number
  baselineKiB: number
  afterKiB: number
  deltaKiB: number
  streamsLeft: number
  /** Sockets and timers more than at the start, once settled. */
  handlesLeft: Record<string, number>
  /** Callbacks of requests made before the socket went that were never called. */
  callbacksMissing: number
  /** Of those callbacks, how many got an error (the socket was gone: disconnected). */
  callbacksWithError: number
}

const STAGES = ['opening', 'open', 'set', 'end'] as const

/** One sign-up abandoned at `stage`; resolves once every request made got its callback (or 10 s passed). */
const abandon = async (t: Target, options: Record<string, unknown>, stage: typeof STAGES[number], tally: { missing: number; errors: number }): Promise<void> => {
  const page = new Page(options)
  const calls: Array<Promise<unknown[]>> = []
  const call = (event: string, data: unknown): Promise<unknown[]> => {
    const made = page.call(event, data)
    calls.push(made)
    return made
  }
  const got = call('xmpp.register.account.get', { domain: t.domain })
  if (stage !== 'opening') await got
  if (stage === 'set') call('xmpp.register.account.set', { domain: t.domain, username: user('bench-gone'), password: 'pw-gone' })
  if (stage === 'end') page.socket.emit('end')
  else page.disconnect()
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), 10000) })
  for (const made of calls) {
    const args = await Promise.race([made, late])
    if (args === 'late') tally.missing++
    else if (args[0] !== null) tally.errors++
  }
  clearTimeout(timer)
}

/** `count` abandoned sign-ups, `batch` at a time. */
const abandonMany = async (t: Target, options: Record<string, unknown>, count: number, batch: number, tally: { missing: number; errors: number }): Promise<void> => {
  for (let done = 0; done < count; done += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - done) }, (_, i) => abandon(t, options, STAGES[(done + i) % STAGES.length]!, tally)))
  }
}

export const runSignupMemory = async (signups = 1000, warmUp = 300, batch = 20): Promise<SignupMemoryResult> => {
  if (!canCollect()) throw new Error('run with node --expose-gc')
  const t: Target = { host: '127.0.0.1', port: TLS_PROSODY.port, ca: TLS_PROSODY.pem('PROSODY_CA'), domain: 'localhost' }
  const options = signupOptions(t, { timeout: 30000 })
  await loadLibrary()
  // Warm up: compiled code (V8 keeps optimising for a while), the library and TLS contexts are not what is measured.
  await abandonMany(t, options, warmUp, batch, { missing: 0, errors: 0 })
  await handlesLeft({ TCPSocketWrap: 0, TLSWrap: 0, Timeout: 0 }, 3000)
  const baselineHandles = handles()
  const baseline = await heap()
  const tally = { missing: 0, errors: 0 }
  await abandonMany(t, options, signups, batch, tally)
  const left = await handlesLeft(baselineHandles, 10000)
  const after = await heap()
  const kib = (bytes: number): number => Math.round(bytes / 1024)
  return {
    signups,
    baselineKiB: kib(baseline),
    afterKiB: kib(after),
    deltaKiB: kib(after - baseline),
    streamsLeft: signupStreamCount(),
    handlesLeft: left,
    callbacksMissing: tally.missing,
    callbacksWithError: tally.errors
  }
}

if (require.main === module) {
  runSignupMemory(Number(process.env.BENCH_SIGNUP_MEMORY ?? 1000), Number(process.env.BENCH_SIGNUP_WARMUP ?? 300)).then((result) => {
    process.stdout.write(JSON.stringify(result) + '\n')
    process.exit(0)
  }, (e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
