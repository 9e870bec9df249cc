// The example on two processes (issue 17): `examples/web/start.ts` with EXAMPLE_WORKERS=2 and
// long-polling the only transport, so that every request of a browser must reach the worker
// that holds its session (@socket.io/sticky). The page in headless Chromium signs up, logs in
// over STARTTLS and deletes the account; a short `npm run load` run loses nothing and leaves no
// account; a worker SIGKILLed mid-run: its browsers are told (disconnected) and start over, none
// is lost, the surviving worker holds no browser, sign-up stream, socket or timer more than
// when idle, the worker is replaced and the replacement serves.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { request } from 'node:http'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Browser, Page } from 'playwright-core'

import { spawnExample, type SpawnedExample } from '../../bench/load/example'
import { RUN } from '../integration/browser'
import { TLS_PROSODY } from '../integration/prosody'
import { launchChromium, SHOTS } from './chromium'

const ROOT = join(__dirname, '..', '..')

interface LoadSummary { ok: number; failed: number; lost: number; restarts: number; errors: Record<string, number>; left: Record<string, string>; notRemoved: number; cpuMs: Record<string, number> }

/** Runs bench/load.ts against the example with `args`; resolves with its --json summary. */
const load = (example: SpawnedExample, args: string[]): Promise<LoadSummary> => {
  const json = join(mkdtempSync(join(tmpdir(), 'load-')), 'summary.json')
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'load.ts'), '--url', example.url, '--pid', String(example.primary),
      '--transport', 'polling', '--json', json, ...args], { cwd: ROOT, timeout: 40000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`npm run load failed: ${error.message}\n${stdout}\n${stderr}`))
      else resolve(JSON.parse(readFileSync(json, 'utf8')) as LoadSummary)
    })
  })
}

/** One HTTP request on a connection of its own (no keep-alive: as long-polling under sticky). */
const fresh = (url: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
  // From the page's own origin (the example refuses any other at the handshake).
  const req = request(url, { method, agent: false, headers: { connection: 'close', origin: new URL(url).origin, ...(body === undefined ? {} : { 'content-type': 'text/plain;charset=UTF-8' }) } }, (res) => {
    let text = ''
    res.setEncoding('utf8').on('data', (d: string) => { text += d }).on('end', () => resolve({ status: res.statusCode!, body: text }))
  })
  req.on('error', reject)
  req.end(body)
})

/** An engine.io long-polling handshake, then the socket.io CONNECT on a new connection: that request's answer. */
const handshakeThenConnect = async (base: string): Promise<{ status: number; body: string }> => {
  const open = await fresh(`${base}socket.io/?EIO=4&transport=polling`, 'GET')
  equal(open.status, 200, open.body)
  const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid
  return fresh(`${base}socket.io/?EIO=4&transport=polling&sid=${sid}`, 'POST', '40')
}

interface Holds { sockets: number; signupStreams: number; resources: Record<string, number> }

const TRACKED = ['TCPSocketWrap', 'TLSWrap', 'Timeout']

/**
 * No sign-up stream, and at most `baseline`'s browsers (pages closed by an earlier test stay
 * until their ping timeout), sockets and timers of each type; without a baseline, any reading.
 */
const settled = (h: Holds, baseline?: Holds): boolean => baseline === undefined || (h.signupStreams === 0 && h.sockets <= baseline.sockets &&
  TRACKED.every((type) => (h.resources[type] ?? 0) <= (baseline.resources[type] ?? 0)))

/**
 * What worker `pid` holds (its SIGUSR2 line), asked again until it is {@link settled} or 10 s
 * have passed (closing streams and sockets keep short timers for a few seconds).
 */
const holdsOnceSettled = async (example: SpawnedExample, pid: number, baseline?: Holds): Promise<Holds> => {
  let last: Holds | undefined
  for (let attempt = 0; attempt < 30; attempt++) {
    const from = example.log.length
    process.kill(pid, 'SIGUSR2')
    for (let waited = 0; ; waited += 20) {
      const line = example.log.slice(from).find((l) => l.includes(`pid ${pid} holds `))
      if (line !== undefined) {
        last = JSON.parse(line.slice(line.indexOf(' holds ') + 7)) as Holds
        break
      }
      if (waited > 3000) throw new Error(`worker ${pid} did not say what it holds`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    if (settled(last, baseline)) return last
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  return last!
}

/** Signs up as `user` on the page with the server's form and waits until it is online; on failure a screenshot and `context()`. */
const signUpOnPage = async (page: Page, user: string, context: () => string): Promise<void> => {
  await page.click('#signup-open')
  const input = async (label: string) => {
    const node = page.locator('#signup-form-container label', { hasText: label })
    await node.waitFor({ timeout: 15000 })
    return page.locator(`#${await node.getAttribute('for')}`)
  }
  await (await input('Username')).fill(user)
  // The page asks for the new password twice (issue 20).
  for (const field of await page.locator('#signup-form-container input[type="password"]').all()) await field.fill('cluster-password')
  await page.click('#signup-form-container button[type="submit"]')
  await page.locator('#status', { hasText: `Online as ${user}@localhost` }).waitFor({ timeout: 15000 }).catch(async (e: unknown) => {
    await page.screenshot({ path: join(SHOTS, '..', 'cluster-failed.png'), fullPage: true })
    throw new Error(`${String(e)}\n${context()}`)
  })
}

describe('example on two worker processes, long-polling only (sticky sessions)', () => {
  let example: SpawnedExample
  let browser: Browser

  before(async function () {
    this.timeout(120000)
    TLS_PROSODY.start()
    ;[example, browser] = await Promise.all([
      spawnExample({ EXAMPLE_WORKERS: '2', EXAMPLE_TRANSPORTS: 'polling' }),
      launchChromium()
    ])
  })
  after(async function () {
    this.timeout(20000)
    await browser?.close()
    await example?.stop()
    TLS_PROSODY.stop()
  })

  it('serves on two workers', () => {
    equal(example.workers().length, 2)
    ok(example.log.some((l) => l.includes('(2 workers, cluster adapter, polling only')), example.log.join('\n'))
  })

  it('with sticky sessions, a long-polling session\'s second request reaches its worker', async () => {
    for (let i = 0; i < 4; i++) deepStrictEqual(await handshakeThenConnect(example.url), { status: 200, body: 'ok' })
  })

  it('the page signs up, logs in over STARTTLS and deletes the account, over long-polling only', async function () {
    this.timeout(30000)
    const page = await browser.newPage()
    const transports = new Set<string>()
    page.on('request', (r) => {
      const t = /[?&]transport=(\w+)/.exec(r.url())
      if (t) transports.add(t[1]!)
    })
    const trouble: string[] = []
    page.on('requestfailed', (r) => trouble.push(`failed ${r.method()} ${r.url()} ${r.failure()?.errorText}`))
    page.on('response', (r) => {
      if (r.status() >= 400) trouble.push(`${r.status()} ${r.request().method()} ${r.url()}`)
    })
    let websockets = 0
    page.on('websocket', () => websockets++)
    try {
      await page.goto(example.url)
      await page.locator('body[data-ready="true"]').waitFor()
      const user = `cluster-${RUN}`
      await signUpOnPage(page, user, () => `${trouble.join('\n')}\n${example.log.slice(-20).join('\n')}`)
      await page.screenshot({ path: join(SHOTS, 'cluster-online.png') })
      await page.click('#delete-button')
      await page.click('#delete-yes')
      await page.locator('#login-message', { hasText: `The account ${user}@localhost was deleted` }).waitFor({ timeout: 15000 })
      deepStrictEqual([...transports], ['polling'])
      equal(websockets, 0)
    } finally {
      await page.close()
    }
  })

  it('npm run load: 10 journeys over polling, none lost, no account left', async function () {
    this.timeout(45000)
    const result = await load(example, ['--count', '10', '--concurrency', '5', '--retries', '0', '--step-timeout', '8000'])
    deepStrictEqual({ ok: result.ok, failed: result.failed, lost: result.lost, left: result.left }, { ok: 10, failed: 0, lost: 0, left: {} }, JSON.stringify(result))
  })

  it('a worker SIGKILLed mid-run: its browsers start over, none is lost, it is replaced and the replacement serves', async function () {
    this.timeout(60000)
    const before = example.workers()
    const idle = new Map(await Promise.all(before.map(async (pid) => [pid, await holdsOnceSettled(example, pid)] as const)))
    const result = await load(example, ['--duration', '5', '--concurrency', '6', '--kill-worker', '2', '--retries', '3', '--step-timeout', '4000'])
    await example.waitFor(/died \(SIGKILL\): replacing it/, 5000)
    equal(result.lost, 0, JSON.stringify(result))
    equal(result.notRemoved, 0, JSON.stringify(result.left))
    ok(result.ok > 0, JSON.stringify(result))
    // The browsers on the killed worker were told: each failed attempt is an error they were given.
    ok(result.restarts > 0, JSON.stringify(result))
    const killed = before.find((pid) => !example.workers().includes(pid))
    ok(killed !== undefined, example.log.join('\n'))
    // The surviving worker: no browser, sign-up stream, socket or timer beyond what it had before the run.
    const survivor = before.find((pid) => pid !== killed)!
    const had = idle.get(survivor)!
    const left = await holdsOnceSettled(example, survivor, had)
    ok(settled(left, had), `${JSON.stringify(left)} after the run, ${JSON.stringify(had)} idle`)
    await example.waitFor(new RegExp(`worker \\d+ pid (?!${before.join('|')})\\d+ ready`), 15000)
    const replacement = example.workers().find((pid) => !before.includes(pid))!
    const after = await load(example, ['--count', '6', '--concurrency', '3', '--retries', '0', '--step-timeout', '8000'])
    deepStrictEqual({ ok: after.ok, lost: after.lost, left: after.left }, { ok: 6, lost: 0, left: {} }, JSON.stringify(after))
    const served = Object.entries(after.cpuMs).find(([name]) => name.includes(` ${replacement}`))
    ok(served !== undefined && served[1] > 0, `the replacement ${replacement} did no work: ${JSON.stringify(after.cpuMs)}`)
  })

  it('a logged-in page whose worker dies says so at once, and logs in again on a replacement', async function () {
    this.timeout(45000)
    const page = await browser.newPage()
    try {
      await page.goto(example.url)
      await page.locator('body[data-ready="true"]').waitFor()
      const user = `cluster-drop-${RUN}`
      await signUpOnPage(page, user, () => example.log.slice(-20).join('\n'))
      // Both: the page's socket is on one of them.
      const before = example.workers()
      for (const pid of before) process.kill(pid, 'SIGKILL')
      // Said at once (issue 20's lost socket), logged out; back on a replacement, log in again.
      await page.locator('#login-message', { hasText: 'Connection to the web server lost' }).waitFor({ timeout: 10000 })
      await page.screenshot({ path: join(SHOTS, 'cluster-worker-died.png') })
      await page.locator('#login-message', { hasText: 'Connected to the web server again: log in again' }).waitFor({ timeout: 25000 })
      await page.locator('#status', { hasText: 'Offline' }).waitFor({ timeout: 5000 })
      for (let waited = 0; example.workers().filter((pid) => !before.includes(pid)).length < 2; waited += 100) {
        if (waited > 20000) throw new Error(`not replaced:\n${example.log.join('\n')}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await page.fill('#login-username', user)
      await page.fill('#login-password', 'cluster-password')
      await page.click('#login-button')
      await page.locator('#status', { hasText: `Online as ${user}@localhost` }).waitFor({ timeout: 15000 })
      await page.click('#delete-button')
      await page.click('#delete-yes')
      await page.locator('#login-message', { hasText: `The account ${user}@localhost was deleted` }).waitFor({ timeout: 15000 })
    } finally {
      await page.close()
    }
  })
})

describe('example on two worker processes without sticky sessions', () => {
  let example: SpawnedExample

  before(async function () {
    this.timeout(60000)
    TLS_PROSODY.start()
    example = await spawnExample({ EXAMPLE_WORKERS: '2', EXAMPLE_NO_STICKY: '1' })
  })
  after(async function () {
    this.timeout(20000)
    await example?.stop()
    TLS_PROSODY.stop()
  })

  it('long-polling fails: the CONNECT reaches the other worker, "Session ID unknown"', async () => {
    // Connections go to the workers in turn: the handshake to one, the CONNECT to the other.
    deepStrictEqual(await handshakeThenConnect(example.url), { status: 400, body: '{"code":1,"message":"Session ID unknown"}' })
  })
})
