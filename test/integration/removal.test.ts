// Issue 9 §1: the account is removed (XEP-0077 §3.2) and the session ends at once. The server
// then closes the stream with an error (Prosody "Account deleted", ejabberd "User removed"),
// which node-xmpp-client emits as 'error' on a client whose listeners xmpp-ftw's logout()
// has removed. Whatever the timing, the process must not get an uncaught exception.
import { deepStrictEqual } from 'node:assert/strict'
import type { EventEmitter } from 'node:events'

import { guardLog } from '../support/guard-log'
import { LateErrorProxy } from '../support/late-error-proxy'
import { HOSTS } from '../support/host'
import { Browser, uniqueUser } from './browser'
import { SERVERS, type TestServer } from './servers'

/** Runs per variant (REMOVAL_RUNS=30 to measure); one of a variant that waits seconds, unless set. */
const RUNS = Number(process.env.REMOVAL_RUNS ?? 3)
const runsOf = (variant: { lateMs?: number }): number =>
  process.env.REMOVAL_RUNS === undefined && (variant.lateMs ?? 0) >= 1000 ? 1 : RUNS

/** The stream error each server closes the stream with after the removal, as the debug log shows it. */
const REMOVED: Readonly<Record<TestServer['name'], string>> = {
  prosody: 'not-authorized (Account deleted)',
  ejabberd: 'conflict (User removed)'
}

/** How the session ends once the unregister callback has `[null, true]`. */
interface Variant {
  name: string
  /** Hold the server's stream error back this long (ms), through a proxy. */
  lateMs?: number
  /** Only this plugin in xmpp-ftw (its Presence plugin would take the socket's `disconnect`). */
  bare?: boolean
  leave(browser: Browser): void
}

const logout = (browser: Browser): void => browser.socket.fromBrowser('xmpp.logout', {}, () => undefined)

const VARIANTS: Variant[] = [
  { name: 'logout in the callback', leave: logout },
  { name: 'logout one event-loop turn later', leave: (browser) => setImmediate(() => logout(browser)) },
  { name: 'primus socket end in the callback', leave: (browser) => browser.socket.fromBrowser('end') },
  { name: 'socket.io disconnect in the callback', bare: true, leave: (browser) => browser.socket.fromBrowser('disconnect') },
  { name: 'stream error 300 ms late, logout in the callback', lateMs: 300, leave: logout },
  { name: 'stream error 300 ms late, logout one event-loop turn later', lateMs: 300, leave: (browser) => setImmediate(() => logout(browser)) },
  { name: 'stream error 2.5 s late, logout in the callback', lateMs: 2500, leave: logout }
]

/** The TCP socket under the session's node-xmpp-client. */
const tcpOf = (browser: Browser): EventEmitter =>
  (browser.xmpp.client as unknown as { connection: { socket: EventEmitter } }).connection.socket

const closed = (socket: EventEmitter, withinMs: number): Promise<string> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still open'), withinMs)
    socket.once('close', () => { clearTimeout(timer); resolve('closed') })
  })

/**
 * Runs `body` with every uncaught exception collected instead of handled by mocha (which
 * would fail whichever test is running then); resolves with their messages.
 */
const collectUncaught = async (body: () => Promise<void>): Promise<string[]> => {
  const seen: string[] = []
  const collect = (error: unknown): void => { seen.push(error instanceof Error ? error.message : String(error)) }
  const saved = process.listeners('uncaughtException')
  process.removeAllListeners('uncaughtException')
  process.on('uncaughtException', collect)
  try {
    await body()
    // Whatever the server still sends is parsed by now; one more turn for its events.
    await new Promise((resolve) => setImmediate(resolve))
  } finally {
    process.removeListener('uncaughtException', collect)
    for (const listener of saved) process.on('uncaughtException', listener)
  }
  return seen
}

before(function () {
  this.timeout(120000)
  for (const server of SERVERS) server.start()
})
after(() => { for (const server of SERVERS) server.stop() })

for (const server of SERVERS) for (const { version, pkg } of HOSTS) {
  describe(`account removal then the session ends, on ${server.name} through xmpp-ftw ${version}`, function () {
    this.timeout(20000 + RUNS * 6000)
    const open: Browser[] = []
    afterEach(() => { for (const browser of open.splice(0)) browser.close() })

    /** Signs up, unregisters from the home server, leaves as `variant` says; the callback's arguments. */
    const removeAndLeave = async (variant: Variant): Promise<{ reply: unknown[]; streamErrorsHeld?: number }> => {
      const proxy = variant.lateMs === undefined ? undefined : await new LateErrorProxy(server, variant.lateMs).start()
      try {
        const via = proxy ? { ...server, host: proxy.host, port: proxy.port } : server
        const browser = await Browser.login(pkg, uniqueUser('gone'), 'pw-1', { register: true, bare: variant.bare, server: via })
        open.push(browser)
        const socketClosed = closed(tcpOf(browser), 5000 + (variant.lateMs ?? 0))
        const reply = await new Promise<unknown[]>((resolve) => {
          browser.socket.fromBrowser('xmpp.register.unregister', { to: server.domain }, (...args: unknown[]) => {
            resolve(args)
            variant.leave(browser)
          })
        })
        deepStrictEqual(await socketClosed, 'closed')
        return proxy ? { reply, streamErrorsHeld: proxy.held } : { reply }
      } finally {
        await proxy?.stop()
      }
    }

    it('no logout: the browser gets the stream error and disconnection events of xmpp-ftw; nothing is logged', async () => {
      let toBrowser: unknown[] = []
      const logged = await guardLog(async () => {
        const browser = await Browser.login(pkg, uniqueUser('stays'), 'pw-1', { register: true, server })
        open.push(browser)
        const socketClosed = closed(tcpOf(browser), 5000)
        const from = browser.socket.toBrowser.length
        deepStrictEqual(await browser.call('xmpp.register.unregister', { to: server.domain }), [null, true])
        deepStrictEqual(await socketClosed, 'closed')
        toBrowser = browser.socket.toBrowser.slice(from).map(({ event, data }) => {
          const { type, condition } = data as { type: string; condition: string }
          return { event, type, condition }
        })
      })
      deepStrictEqual({ toBrowser, logged }, {
        toBrowser: [
          { event: 'xmpp.error', type: 'cancel', condition: 'unknown' },
          { event: 'xmpp.error', type: 'connection', condition: 'disconnected' }
        ],
        logged: []
      })
    })

    for (const variant of VARIANTS) {
      const runs = runsOf(variant)
      it(`${variant.name}: [null, true], no uncaught exception (runs: ${runs})`, async () => {
        const results: unknown[] = []
        const uncaught = await collectUncaught(async () => {
          for (let run = 0; run < runs; run++) {
            let result: { reply: unknown[]; streamErrorsHeld?: number } | undefined
            const logged = await guardLog(async () => { result = await removeAndLeave(variant) })
            // A late stream error comes after the logout: the debug log shows it.
            results.push(variant.lateMs === undefined ? result : { ...result, logged })
          }
        })
        const expected = variant.lateMs === undefined ? { reply: [null, true] } : { reply: [null, true], streamErrorsHeld: 1, logged: [REMOVED[server.name]] }
        deepStrictEqual({ results, uncaught }, { results: Array(runs).fill(expected), uncaught: [] },
          `${uncaught.length} uncaught exception(s) in ${runs} runs`)
      })
    }
  })
}
