// Round trips on the project's Prosody: socket event → callback through a real xmpp-ftw
// instance with the plugin (the built package in dist/), against the same IQ sent by hand with manager.trackId and
// client.send on the same connection, interleaved in the same run.
import { performance } from 'node:perf_hooks'

import { Element } from 'ltx'

import { Browser, uniqueUser } from '../test/integration/browser'
import { DIST } from '../test/support/host'
import { SERVER } from '../test/integration/prosody'

export interface Latencies { medianMs: number; p99Ms: number; count: number; lost: number }
export interface RoundTripResult {
  sequential: { plugin: Latencies; raw: Latencies; ratio: number }
  concurrent: { plugin: Latencies; raw: Latencies; ratio: number; wallMs: number }
}

const stats = (samples: number[], expected: number): Latencies => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return { medianMs: at(0.5), p99Ms: at(0.99), count: samples.length, lost: expected - samples.length }
}

interface Manager {
  trackId(stanza: Element, cb: (stanza: Element) => void): void
  client: { send(stanza: Element): void }
}

export const runRoundTrip = async (options: { sequential?: number; concurrent?: number } = {}): Promise<RoundTripResult> => {
  const sequential = options.sequential ?? 2000
  const concurrent = options.concurrent ?? 1000
  // The built package, as installed from npm (`npm run bench` builds it first), as in-process.
  const browser = await Browser.login('xmpp-ftw', uniqueUser('bench'), 'pw-1', { register: true, timeout: 60000, from: DIST })
  const manager = browser.xmpp as unknown as Manager
  let n = 0
  const plugin = (): Promise<number> => new Promise((resolve, reject) => {
    const started = performance.now()
    browser.socket.fromBrowser('xmpp.register.get', { to: SERVER.domain }, (error: unknown) => {
      if (error) reject(new Error(JSON.stringify(error)))
      else resolve(performance.now() - started)
    })
  })
  const raw = (): Promise<number> => new Promise((resolve) => {
    const started = performance.now()
    const stanza = new Element('iq', { to: SERVER.domain, type: 'get', id: `raw-${++n}` }).c('query', { xmlns: 'jabber:iq:register' }).root()
    manager.trackId(stanza, () => resolve(performance.now() - started))
    manager.client.send(stanza)
  })
  try {
    for (let i = 0; i < 1000; i++) { await plugin(); await raw() }
    const seq = { plugin: [] as number[], raw: [] as number[] }
    for (let i = 0; i < sequential; i++) {
      // ABBA order so that neither side always goes first.
      if (i % 2 === 0) { seq.plugin.push(await plugin()); seq.raw.push(await raw()) } else { seq.raw.push(await raw()); seq.plugin.push(await plugin()) }
    }
    const conc = { plugin: [] as number[], raw: [] as number[] }
    const started = performance.now()
    const all: Array<Promise<void>> = []
    for (let i = 0; i < concurrent; i++) {
      all.push(plugin().then((ms) => { conc.plugin.push(ms) }, () => undefined))
      all.push(raw().then((ms) => { conc.raw.push(ms) }))
    }
    await Promise.race([Promise.all(all), new Promise((resolve) => setTimeout(resolve, 60000))])
    const wallMs = performance.now() - started
    const sp = stats(seq.plugin, sequential)
    const sr = stats(seq.raw, sequential)
    const cp = stats(conc.plugin, concurrent)
    const cr = stats(conc.raw, concurrent)
    return {
      sequential: { plugin: sp, raw: sr, ratio: sp.medianMs / sr.medianMs },
      concurrent: { plugin: cp, raw: cr, ratio: cp.medianMs / cr.medianMs, wallMs }
    }
  } finally {
    browser.close()
  }
}
