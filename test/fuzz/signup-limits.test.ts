// Property test of the per-client sign-up limits (issue 16) through the sign-up events: any
// interleaving of get, set, cancel and disconnect from six sockets of three clients (one of
// them two IPv6 addresses of one /64), against a scripted server that creates the account or
// answers `conflict`, with the per-process memory store. No limit is ever exceeded (accounts
// per client and in total, streams open at once per client, gets per client), and no request
// is refused by a limit its client was under. Each client signs up for its own domain, so the
// server sees whose stream is whose. SIGNUP_FUZZ_RUNS (default 150) cases; FUZZ_SEED replays.
import { deepStrictEqual, ok } from 'node:assert/strict'
import type { Socket } from 'node:net'

import fc from 'fast-check'

import Register = require('../../src')
import { signupStreamCount } from '../../src/signup/stream'
import { FakeSocket } from '../support/fakes'
import { FakeXmppServer, features, lastIq, lastIqId, REGISTER_FEATURE } from '../support/fake-xmpp-server'
import { assertNothingLeft, snapshot } from '../support/handles'

const runs = Number(process.env.SIGNUP_FUZZ_RUNS ?? 150)
const LIMITS = { accountsPerClient: 2, streamsPerClient: 1, getsPerClient: 5, accountsTotal: 5 }
/** Six sockets: their client (and its domain) and their address. */
const SOCKETS = [
  ['a.test', '192.0.2.1'], ['a.test', '192.0.2.1'],
  ['b.test', '2001:db8:1:2::1'], ['b.test', '2001:db8:1:2:ffff::9'],
  ['c.test', '192.0.2.3'], ['c.test', '::ffff:192.0.2.3']
] as const
type Client = typeof SOCKETS[number][0]
/** get and set (and a get then a set: signup) wait for the socket's previous get or set, as a page does; cancel and disconnect come at any time. */
type Action = 'get' | 'set' | 'signup' | 'cancel' | 'disconnect' | 'pause'
const action = fc.oneof(
  { arbitrary: fc.constant<Action>('signup'), weight: 6 },
  { arbitrary: fc.constant<Action>('get'), weight: 2 },
  { arbitrary: fc.constant<Action>('set'), weight: 1 },
  { arbitrary: fc.constant<Action>('cancel'), weight: 1 },
  { arbitrary: fc.constant<Action>('disconnect'), weight: 1 },
  { arbitrary: fc.constant<Action>('pause'), weight: 3 }
)
const QUERY = "<query xmlns='jabber:iq:register'><username/><password/></query>"
const CONFLICT = "<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
const KNOWN = new Set(['policy-violation', 'resource-constraint', 'conflict', 'disconnected'])

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** What the model knows of one client, counted as the events come. */
interface Seen {
  accounts: number
  /** Sets sent and not yet answered, or answered with an unknown outcome (the place is kept). */
  outstandingSets: number
  /** Gets that reached the limit's count. */
  gets: number
  /** Sockets that hold or are opening a stream. */
  streams: Set<number>
}

describe(`property test: the sign-up limits under any interleaving (${runs} cases)`, function () {
  this.timeout(600000)

  it('no limit is ever exceeded; no client under every limit is refused', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)))
    console.log(`      seed ${seed}`)
    const baseline = await snapshot()
    let conflicts: boolean[] = []
    /** Streams the server holds per domain now, and the most at once (of the case running). */
    let open = new Map<string, number>()
    let most = new Map<string, number>()
    /** Gets the server answered per domain, and sets it created an account for (of the case running). */
    let gets = new Map<string, number>()
    let created = new Map<string, number>()
    const domainOf = new WeakMap<Socket, string>()
    const server = new FakeXmppServer((received, socket) => {
      if (!domainOf.has(socket)) {
        const domain = /<stream:stream[^>]*\bto=["']([^"']+)/.exec(received)?.[1]
        if (domain === undefined) return undefined
        domainOf.set(socket, domain)
        const counts = open
        counts.set(domain, (counts.get(domain) ?? 0) + 1)
        most.set(domain, Math.max(most.get(domain) ?? 0, counts.get(domain)!))
        // Held until the gateway starts closing it (or the connection ends first).
        let held = true
        const release = (): void => {
          if (!held) return
          held = false
          counts.set(domain, counts.get(domain)! - 1)
        }
        socket.on('data', (chunk: Buffer | string) => {
          if (String(chunk).includes('</stream:stream>')) release()
        })
        socket.once('close', release)
        return `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='${domain}' version='1.0'>${features(REGISTER_FEATURE)}`
      }
      const id = lastIqId(received)
      if (id === undefined || received.endsWith('</stream:stream>')) return undefined
      if (lastIq(received).includes('type="get"')) {
        const domain = domainOf.get(socket)!
        gets.set(domain, (gets.get(domain) ?? 0) + 1)
        return `<iq type='result' id='${id}'>${QUERY}</iq>`
      }
      if (conflicts.shift() === true) return `<iq type='error' id='${id}'>${CONFLICT}</iq>`
      const domain = domainOf.get(socket)!
      created.set(domain, (created.get(domain) ?? 0) + 1)
      return `<iq type='result' id='${id}'/>`
    })
    const port = await server.listen()
    let run = 0
    const stats = new Map<string, number>()
    const count = (what: string): void => {
      stats.set(what, (stats.get(what) ?? 0) + 1)
    }
    try {
      await fc.assert(fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: SOCKETS.length - 1 }), action), { minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean(), { maxLength: 20 }),
        async (actions: Array<[number, Action]>, scripted: boolean[]) => {
          conflicts = [...scripted]
          open = new Map()
          most = new Map()
          gets = new Map()
          created = new Map()
          const target = { host: '127.0.0.1', port, tls: 'optional' as const }
          const limits = { ...LIMITS, keyPrefix: `fuzz-${process.pid}-${run++}` }
          const seen = new Map<Client, Seen>(['a.test', 'b.test', 'c.test'].map((c) => [c as Client, { accounts: 0, outstandingSets: 0, gets: 0, streams: new Set() }]))
          let accountsTotal = 0
          let outstandingTotal = 0
          const wrong: string[] = []
          const sockets = SOCKETS.map(([domain, address], index) => {
            const socket = new FakeSocket()
            const signup = Register.attachSignup({ socket }, {
              domains: { 'a.test': target, 'b.test': target, 'c.test': target }, timeout: 2000, limits, clientAddress: address
            })
            return { index, domain, socket, signup, busy: false, gone: false, chain: Promise.resolve() }
          })
          const pending: Array<Promise<void>> = []
          const call = (s: typeof sockets[number], event: string, data: unknown): Promise<unknown[]> =>
            new Promise((resolve) => s.socket.fromBrowser(event, data, (...args: unknown[]) => resolve(args)))
          for (const [index, next] of actions.flatMap(([i, a]): Array<[number, Action]> => (a === 'signup' ? [[i, 'get'], [i, 'set']] : [[i, a]]))) {
            const s = sockets[index]!
            const client = seen.get(s.domain)!
            if (s.gone && next !== 'pause') continue
            switch (next) {
              case 'get': s.chain = s.chain.then(() => {
                if (s.gone) return
                if (!s.busy) client.gets++
                const busy = s.busy
                s.busy = true
                // Over-approximation: a get of a socket without a stream may open one.
                const before = { gets: client.gets - (busy ? 0 : 1), streams: [...client.streams].filter((i) => i !== s.index).length }
                if (!busy) client.streams.add(s.index)
                return call(s, 'xmpp.register.account.get', { domain: s.domain }).then(([error]) => {
                  if (!busy) s.busy = false
                  const e = error as { condition: string; description: string } | null
                  count(`get ${e === null ? 'success' : e.condition === 'policy-violation' ? e.description.replace(/;.*$/, '') : e.condition}`)
                  if (e?.condition === 'policy-violation') {
                    if (e.description.startsWith('Too many sign-up requests') && before.gets < LIMITS.getsPerClient) wrong.push(`get refused at ${before.gets} gets`)
                    if (e.description.startsWith('Too many sign-ups are open') && before.streams < LIMITS.streamsPerClient) wrong.push(`get refused at ${before.streams} streams`)
                  }
                  if (e !== null) client.streams.delete(s.index)
                })
              })
                break
              case 'set': s.chain = s.chain.then(() => {
                if (s.gone) return
                const busy = s.busy
                s.busy = true
                if (!busy) {
                  client.outstandingSets++
                  outstandingTotal++
                }
                const before = { mine: client.accounts + client.outstandingSets - 1, total: accountsTotal + outstandingTotal - 1 }
                return call(s, 'xmpp.register.account.set', { domain: s.domain, username: 'u', password: 'pw' }).then(([error]) => {
                  if (busy) return
                  s.busy = false
                  const e = error as { condition: string; description: string } | null
                  count(`set ${e === null ? 'success' : e.condition === 'policy-violation' ? e.description.replace(/;.*$/, '') : e.condition}`)
                  // Known not created (refused here or by the server): no place held any more.
                  if (e === null || e.condition !== 'disconnected') {
                    client.outstandingSets--
                    outstandingTotal--
                  }
                  if (e === null) {
                    client.accounts++
                    accountsTotal++
                    client.streams.delete(s.index) // one account per stream: it closes
                  }
                  if (e?.condition === 'policy-violation') {
                    if (e.description.startsWith('Too many accounts were created from') && before.mine < LIMITS.accountsPerClient) wrong.push(`set refused at ${before.mine} accounts`)
                    if (e.description.startsWith('Too many accounts were created on') && before.total < LIMITS.accountsTotal) wrong.push(`set refused at ${before.total} accounts in total`)
                  }
                  if (e !== null && !KNOWN.has(e.condition)) wrong.push(`unknown condition ${e.condition}`)
                })
              })
                break
              case 'cancel':
                client.streams.delete(s.index)
                pending.push(call(s, 'xmpp.register.account.cancel', {}).then(() => undefined))
                break
              case 'disconnect':
                client.streams.delete(s.index)
                s.gone = true
                s.socket.emit('disconnect')
                break
              case 'pause':
                await pause(3)
                break
            }
          }
          await Promise.all([...pending, ...sockets.map((s) => s.chain)])
          for (const s of sockets) s.signup.close()
          const until = Date.now() + 2000
          while ((signupStreamCount() > 0 || server.connections > 0) && Date.now() < until) await pause(5)
          // Accounts as the server created them (a set disconnected after it was sent may have created one).
          const accounts = Object.fromEntries([...seen].map(([c]) => [c, (created.get(c) ?? 0) <= LIMITS.accountsPerClient]))
          const streams = Object.fromEntries([...most].map(([d, m]) => [d, m <= LIMITS.streamsPerClient]))
          const getsUnder = Object.fromEntries([...gets].map(([d, m]) => [d, m <= LIMITS.getsPerClient]))
          deepStrictEqual({ wrong, accounts, total: [...created.values()].reduce((a, b) => a + b, 0) <= LIMITS.accountsTotal, streams, gets: getsUnder, left: signupStreamCount() + server.connections }, {
            wrong: [], accounts: { 'a.test': true, 'b.test': true, 'c.test': true }, total: true,
            streams: Object.fromEntries([...most].map(([d]) => [d, true])), gets: Object.fromEntries([...gets].map(([d]) => [d, true])), left: 0
          })
        }
      ), { numRuns: runs, seed })
    } finally {
      await server.close()
    }
    console.log(`      ${[...stats].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', ')}`)
    ok(run > 0)
    await assertNothingLeft(baseline, 3000)
  })
})
