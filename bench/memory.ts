// Memory: 100,000 requests that all time out and 100,000 that are answered; heap used after
// global.gc() against the start, and the timers left. Run with `node --expose-gc`.
import { EventEmitter } from 'node:events'

import type { Element } from 'ltx'
import { parse } from 'ltx'

export interface MemoryResult {
  requests: number
  baselineKiB: number
  afterTimeoutsKiB: number
  afterAnsweredKiB: number
  deltaTimeoutsKiB: number
  deltaAnsweredKiB: number
  timersLeft: number
  pendingLeft: number
}

const gc = (globalThis as { gc?: () => void }).gc

/** True when the process runs with `--expose-gc`. */
export const canCollect = (): boolean => gc !== undefined

/** Heap used in bytes after four full collections (one turn of the event loop after each). */
export const heap = async (): Promise<number> => {
  for (let i = 0; i < 4; i++) {
    gc!()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return process.memoryUsage().heapUsed
}
const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export const runMemory = async (requests = 100000): Promise<MemoryResult> => {
  if (!gc) throw new Error('run with node --expose-gc')
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Register = require('../dist') as new (o?: object) => {
    init(m: unknown, i?: boolean): void
    get(d: unknown, cb: (e: unknown, d?: unknown) => void): void
    pending: number
  }
  const timeout = 50
  const client = new (class extends EventEmitter { last: Element | undefined; send(s: Element): void { this.last = s } })()
  const register = new Register({ timeout })
  register.init({ socket: { send: () => undefined }, client, jid: 'bill@shakespeare.lit/globe' }, true)
  const reply = parse("<iq type='result' from='shakespeare.lit'><query xmlns='jabber:iq:register'><username/></query></iq>")
  let called = 0
  const callback = (): void => { called++ }
  const answerAll = (count: number): void => {
    for (let i = 0; i < count; i++) {
      register.get({ to: 'shakespeare.lit' }, callback)
      reply.attrs.id = client.last!.attrs.id
      client.emit('stanza', reply)
    }
  }
  const timeOutAll = async (count: number): Promise<void> => {
    const target = called + count
    for (let i = 0; i < count; i++) register.get({ to: 'shakespeare.lit' }, callback)
    while (called < target) await sleep(timeout)
  }
  // Warm up: compiled code and caches are not what is measured.
  answerAll(2000)
  await timeOutAll(2000)
  await sleep(timeout * 3)
  const baseline = await heap()
  const baseTimers = timers()
  await timeOutAll(requests)
  await sleep(timeout * 3)
  const afterTimeouts = await heap()
  answerAll(requests)
  await sleep(timeout * 3)
  const afterAnswered = await heap()
  if (called !== 4000 + 2 * requests) throw new Error(`callbacks: ${called}, expected ${4000 + 2 * requests}`)
  const kib = (bytes: number): number => Math.round(bytes / 1024)
  return {
    requests,
    baselineKiB: kib(baseline),
    afterTimeoutsKiB: kib(afterTimeouts),
    afterAnsweredKiB: kib(afterAnswered),
    deltaTimeoutsKiB: kib(afterTimeouts - baseline),
    deltaAnsweredKiB: kib(afterAnswered - baseline),
    timersLeft: timers() - baseTimers,
    pendingLeft: register.pending
  }
}

if (require.main === module) {
  runMemory(Number(process.env.BENCH_MEMORY_REQUESTS ?? 100000)).then((result) => {
    process.stdout.write(JSON.stringify(result) + '\n')
  }, (e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
