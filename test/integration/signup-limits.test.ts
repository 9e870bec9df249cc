// Per-client sign-up limits (issue 16) through a deployment of two xmpp-ftw processes (child
// processes, test/support/limits-process.ts) sharing one Redis, against the real Prosody (its
// loopback is never throttled: the gateway's limits are the only ones). Browsers are
// socket.io clients; their address is the X-Forwarded-For the processes' trusted proxy
// (loopback) passes on, and a third process trusts no proxy. Each test has its own key prefix.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { deepStrictEqual } from 'node:assert/strict'

import { io as connect, type Socket } from 'socket.io-client'

import type { SignupLimitOptions } from '../../src/signup/limits/options'
import { policyViolation } from '../../src/signup/limits'
import { sleep } from '../support/limits-behaviour'
import { uniqueUser } from './browser'
import { SERVER } from './prosody'
import { REDIS } from './redis'

/** One xmpp-ftw process: its socket.io URL and the lines of its limits' log. */
class Process {
  readonly logs: string[] = []
  private constructor(private readonly child: ChildProcess, readonly url: string) {}

  static async start(trusted: unknown): Promise<Process> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'limits-process.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env, REDIS_PORT: String(REDIS.port), TRUSTED_PROXIES: JSON.stringify(trusted),
        XMPP_DOMAIN: SERVER.domain, XMPP_HOST: SERVER.host, XMPP_PORT: String(SERVER.port)
      }
    })
    const lines = createInterface({ input: child.stdout! })
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`limits process exited (${code})`)))
      lines.on('line', (line) => {
        const event = JSON.parse(line) as { port?: number; log?: string }
        if (event.port !== undefined) resolve(event.port)
        if (event.log !== undefined) started.logs.push(event.log)
      })
    })
    const started = new Process(child, `http://127.0.0.1:${port}`)
    return started
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.kill('SIGTERM')
    await exited
  }
}

/** A browser on one process, from `address`, with the test's limits. */
class Page {
  private readonly socket: Socket
  constructor(process: Process, address: string | undefined, limits: SignupLimitOptions) {
    this.socket = connect(process.url, {
      transports: ['websocket'],
      extraHeaders: address === undefined ? {} : { 'x-forwarded-for': address },
      auth: { limits }
    })
  }

  call(event: string, data: unknown): Promise<unknown[]> {
    return new Promise((resolve) => this.socket.emit(event, data, (...args: unknown[]) => resolve(args)))
  }

  get = (): Promise<unknown[]> => this.call('xmpp.register.account.get', { domain: SERVER.domain })
  set = (username = uniqueUser('lim')): Promise<unknown[]> =>
    this.call('xmpp.register.account.set', { domain: SERVER.domain, username, password: 'pw-limits' })
  cancel = (): Promise<unknown[]> => this.call('xmpp.register.account.cancel', {})

  close(): void {
    this.socket.close()
  }
}

/** The outcome of a callback as a word: success, the limit refusal's description head, or the condition. */
const word = ([error]: unknown[]): string => {
  if (error === null) return 'ok'
  const e = error as { condition: string; description?: string }
  return e.condition === 'policy-violation' ? `over: ${e.description?.replace(/; try again in \d+ s$/, '')}` : e.condition
}

const ACCOUNTS = 'over: Too many accounts were created from your network'
const STREAMS = 'over: Too many sign-ups are open from your network'
const GETS = 'over: Too many sign-up requests from your network'

let n = 0
const prefix = (): string => `test-deployment-${process.pid}-${Date.now()}-${n++}`

describe('sign-up limits across two xmpp-ftw processes sharing Redis (Prosody)', function () {
  this.timeout(60000)
  let p1: Process
  let p2: Process
  let untrusting: Process
  const pages: Page[] = []
  const page = (on: Process, address: string | undefined, limits: SignupLimitOptions): Page => {
    const p = new Page(on, address, limits)
    pages.push(p)
    return p
  }

  before(async () => {
    SERVER.start()
    REDIS.start()
    ;[p1, p2, untrusting] = await Promise.all([Process.start('loopback'), Process.start('loopback'), Process.start(false)])
  })
  after(async () => {
    await Promise.all([p1, p2, untrusting].map((p) => p?.stop()))
    REDIS.stop()
    SERVER.stop()
  })
  afterEach(() => {
    for (const p of pages.splice(0)) p.close()
  })

  it('one address signing up through both processes is limited in total; another address is still served', async () => {
    const limits = { keyPrefix: prefix(), accountsPerClient: 2 }
    const outcomes: string[] = []
    for (const on of [p1, p2, p1, p2]) {
      const p = page(on, '198.51.100.1', limits)
      outcomes.push(word(await p.get()), word(await p.set()))
    }
    const other = page(p2, '198.51.100.2', limits)
    outcomes.push(word(await other.get()), word(await other.set()))
    deepStrictEqual(outcomes, ['ok', 'ok', 'ok', 'ok', 'ok', ACCOUNTS, 'ok', ACCOUNTS, 'ok', 'ok'])
  })

  it('the refusal: wait, policy-violation, the store\'s seconds to wait', async () => {
    const limits = { keyPrefix: prefix(), accountsPerClient: 1 }
    const a = page(p1, '198.51.100.3', limits)
    const b = page(p2, '198.51.100.3', limits)
    deepStrictEqual([word(await a.get()), word(await a.set()), word(await b.get())], ['ok', 'ok', 'ok'])
    deepStrictEqual(await b.set(), [policyViolation('accounts', 600_000)])
  })

  it('parallel sets from one address through both processes never exceed the limit (the place is reserved before the set is sent)', async () => {
    const limits = { keyPrefix: prefix(), accountsPerClient: 2, streamsPerClient: 0 }
    const all = Array.from({ length: 8 }, (_, i) => page(i % 2 === 0 ? p1 : p2, '198.51.100.4', limits))
    deepStrictEqual((await Promise.all(all.map((p) => p.get()))).map(word), Array(8).fill('ok'))
    const sets = (await Promise.all(all.map((p) => p.set()))).map(word).sort()
    deepStrictEqual(sets, ['ok', 'ok', ...Array(6).fill(ACCOUNTS)])
  })

  it('a set the server refuses (conflict) gives its place back', async () => {
    const taken = uniqueUser('lim-taken')
    const limits = { keyPrefix: prefix(), accountsPerClient: 1 }
    const first = page(p1, '198.51.100.5', limits)
    deepStrictEqual([word(await first.get()), word(await first.set(taken))], ['ok', 'ok'])
    const again = page(p2, '198.51.100.6', limits)
    deepStrictEqual([word(await again.get()), word(await again.set(taken)), word(await again.set(taken)), word(await again.set())], ['ok', 'conflict', 'conflict', 'ok'])
  })

  it('streams per client: open at once across both processes; a closed one gives its place back', async () => {
    const limits = { keyPrefix: prefix(), streamsPerClient: 2 }
    const [a, b, c] = [page(p1, '198.51.100.7', limits), page(p2, '198.51.100.7', limits), page(p1, '198.51.100.7', limits)]
    deepStrictEqual([word(await a.get()), word(await b.get()), word(await c.get())], ['ok', 'ok', STREAMS])
    await a.cancel()
    deepStrictEqual([word(await c.get()), word(await page(p2, '198.51.100.8', limits).get())], ['ok', 'ok'])
  })

  it('gets per client per period, across both processes', async () => {
    const limits = { keyPrefix: prefix(), getsPerClient: 3 }
    const [a, b] = [page(p1, '198.51.100.9', limits), page(p2, '198.51.100.9', limits)]
    deepStrictEqual([word(await a.get()), word(await b.get()), word(await a.get()), word(await b.get()), word(await page(p1, '198.51.100.10', limits).get())],
      ['ok', 'ok', 'ok', GETS, 'ok'])
  })

  it('X-Forwarded-For from an untrusted peer is ignored (both count at the peer); from the trusted proxy believed', async () => {
    const limits = { keyPrefix: prefix(), accountsPerClient: 1 }
    const spoofed = [page(untrusting, '203.0.113.1', limits), page(untrusting, '203.0.113.2', limits)]
    const outcomes: string[] = []
    for (const p of spoofed) outcomes.push(word(await p.get()), word(await p.set()))
    const proxied = [page(p1, '203.0.113.1', limits), page(p1, '203.0.113.2', limits)]
    for (const p of proxied) outcomes.push(word(await p.get()), word(await p.set()))
    deepStrictEqual(outcomes, ['ok', 'ok', 'ok', ACCOUNTS, 'ok', 'ok', 'ok', 'ok'])
  })

  it('two IPv6 addresses of one /64 share a count; the next /64 has its own', async () => {
    const limits = { keyPrefix: prefix(), accountsPerClient: 1 }
    const outcomes: string[] = []
    for (const [on, address] of [[p1, '2001:db8:1:2::1'], [p2, '2001:db8:1:2:ffff::2'], [p1, '2001:db8:1:3::1']] as const) {
      const p = page(on, address, limits)
      outcomes.push(word(await p.get()), word(await p.set()))
    }
    deepStrictEqual(outcomes, ['ok', 'ok', 'ok', ACCOUNTS, 'ok', 'ok'])
  })

  it('periods expire', async () => {
    const limits = { keyPrefix: prefix(), accountsPerClient: 1, accountPeriod: 1 }
    const p = page(p1, '198.51.100.11', limits)
    const q = page(p2, '198.51.100.11', limits)
    deepStrictEqual([word(await p.get()), word(await p.set()), word(await q.get()), word(await q.set())], ['ok', 'ok', 'ok', ACCOUNTS])
    await sleep(1100)
    deepStrictEqual(word(await q.set()), 'ok')
  })

  it('Redis stopped mid-run and started again: per-process limits meanwhile (no crash, no hang), one line each way, then shared again', async () => {
    const limits = { keyPrefix: prefix(), accountsPerClient: 1, timeout: 300, retryInterval: 300 }
    const before = [p1.logs.length, p2.logs.length]
    const outcomes: string[] = []
    REDIS.kill()
    try {
      // While Redis is gone each process counts on its own: one account each, not two in total.
      for (const on of [p1, p1, p2, p2]) {
        const p = page(on, '198.51.100.12', limits)
        outcomes.push(word(await p.get()), word(await p.set()))
      }
    } finally {
      REDIS.revive()
    }
    deepStrictEqual(outcomes, ['ok', 'ok', 'ok', ACCOUNTS, 'ok', 'ok', 'ok', ACCOUNTS])
    // Requests keep coming; one of them, after retryInterval, finds Redis again.
    const until = Date.now() + 10000
    while ((p1.logs.length < before[0]! + 2 || p2.logs.length < before[1]! + 2) && Date.now() < until) {
      await Promise.all([page(p1, '198.51.100.13', limits).get(), page(p2, '198.51.100.13', limits).get()])
      await sleep(200)
    }
    for (const logs of [p1.logs.slice(before[0]), p2.logs.slice(before[1])]) {
      deepStrictEqual([logs.length, logs[0]?.startsWith('sign-up limits: Redis failed ('), logs[1]], [2, true, 'sign-up limits: Redis answers again; limits are shared again'])
    }
    // Shared again (Redis came back empty): one account for the address across both processes.
    const again = [page(p1, '198.51.100.14', limits), page(p2, '198.51.100.14', limits)]
    const after: string[] = []
    for (const p of again) after.push(word(await p.get()), word(await p.set()))
    deepStrictEqual(after, ['ok', 'ok', 'ok', ACCOUNTS])
  })
})
