// The five properties of hostile input (issue "Hostile input, proven"): requests, replies,
// round trips, passwords in logs, and interleavings of replies, timeouts and disconnects.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import { format } from 'node:util'

import FakeTimers from '@sinonjs/fake-timers'
import createDebug from 'debug'
import fc from 'fast-check'
import { clone, type Element, parse } from 'ltx'

import { parseDataForm } from '../../src/forms/data-form'
import { REGISTRATION_FIELDS, type RegistrationField } from '../../src/core/fields'
import { parseGetReply } from '../../src/xep0077/replies'
import { buildSet } from '../../src/xep0077/stanzas'
import { trackerFor } from '../../src/transport/trackers'
import type { FormField } from '../../src/core/types'
import { checkSet } from '../../src/xep0077/validate'
import { child, elements, text } from '../../src/transport/xml'
import { example, ex77, recorded } from '../support/fixtures'
import { callbackKind, elementTree, mutate, mutations, requestData, xmlText } from './arbitraries'
import { EVENTS, fuzzSession, OWN_JID, TIMEOUT, WireClient, XML_FORBIDDEN, type EventName } from './harness'

type Call = unknown[]

/** What the generated cases did, by property (printed by the runners to show the mix). */
export const stats: Record<string, Record<string, number>> = {}
const count = (property: string, what: string): void => {
  const table = (stats[property] ??= {})
  table[what] = (table[what] ?? 0) + 1
}

const isClientError = (value: unknown): boolean => {
  const e = value as Record<string, unknown>
  return typeof e === 'object' && e !== null && e.type === 'modify' && e.condition === 'client-error' && typeof e.description === 'string'
}

const SECRET_KEYS = new Set(['password', 'old_password', 'token'])

/**
 * A client error's echo of `data`: a non-object as it is; an object with the same keys, each
 * password or token `'(hidden)'`, and every other key but `form` and `invite` the very value given.
 */
const echoesWithoutSecrets = (echo: unknown, data: unknown): void => {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    equal(echo, data)
    return
  }
  const given = data as Record<string, unknown>
  const echoed = echo as Record<string, unknown>
  deepStrictEqual(Object.keys(echoed), Object.keys(given))
  for (const key of Object.keys(given)) {
    if (SECRET_KEYS.has(key)) equal(echoed[key], '(hidden)', key)
    else if (key !== 'form' && key !== 'invite') equal(echoed[key], given[key], key)
  }
}

/** 1. Any payload and callback: one well-formed IQ and nothing else, or nothing and one client error. */
export const requestsProperty = (): fc.IPropertyWithHooks<[EventName, unknown, 'function' | { value: unknown }]> =>
  fc.property(fc.constantFrom(...EVENTS), requestData(), callbackKind(), (event, data, kind) => {
    const s = fuzzSession()
    const calls: Call[] = []
    const callback = kind === 'function' ? (...args: unknown[]) => { calls.push(args) } : kind.value
    s.socket.fromBrowser(event, data, callback)
    count('requests', s.client.wire.length > 0 ? 'sent' : kind === 'function' ? 'client error' : 'missing callback')
    if (s.client.wire.length > 0) {
      equal(s.client.wire.length, 1)
      const wire = s.client.wire[0]!
      ok(!XML_FORBIDDEN.test(wire), 'a character XML forbids went on the wire')
      const iq = parse(wire)
      equal(iq.name, 'iq')
      ok(typeof iq.attrs.id === 'string' && iq.attrs.id !== '')
      ok(iq.attrs.type === (event === 'xmpp.register.get' ? 'get' : 'set'))
      equal(iq.attrs.to, (data as { to: unknown }).to)
      equal(elements(iq).length, 1)
      equal(child(iq, 'query', 'jabber:iq:register') !== undefined, true)
      deepStrictEqual(calls, [])
      deepStrictEqual(s.socket.toBrowser, [])
      s.client.emit('offline')
      equal(calls.length, 1)
    } else if (kind === 'function') {
      equal(calls.length, 1)
      equal(calls[0]!.length, 1)
      ok(isClientError(calls[0]![0]), JSON.stringify(calls[0]))
      echoesWithoutSecrets((calls[0]![0] as { request: unknown }).request, data)
      deepStrictEqual(s.socket.toBrowser, [])
    } else {
      equal(s.socket.toBrowser.length, 1)
      equal(s.socket.toBrowser[0]!.event, 'xmpp.error.client')
      equal((s.socket.toBrowser[0]!.data as { description: string }).description, 'Missing callback')
    }
    equal(s.register.pending, 0)
  })

const REPLY_EXAMPLES: Array<() => Element> = [2, 3, 5, 6, 7, 9, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 25]
  .map((n) => () => ex77(n)).concat([
    () => example('0158', 11),
    // XEP-0158 Ex 2's form in a register query: cid: images the reply does not carry (fetched).
    () => parse(`<iq type='result'><query xmlns='jabber:iq:register'>${example('0158', 2).getChild('captcha')!.getChild('x')!.toString()}</query></iq>`),
    () => recorded('ejabberd-23.01', 'captcha-form'),
    () => recorded('ejabberd-23.01', 'captcha-wrong-answer'),
    () => example('0231', 3)
  ])
let replyExamples: Element[] | undefined
const replyExample = (i: number): Element => {
  replyExamples ??= REPLY_EXAMPLES.map((load) => load())
  return replyExamples[i % replyExamples.length]!
}

const reply = (): fc.Arbitrary<Element> => fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.nat(), mutations()).map(([i, m]) => mutate(replyExample(i), m)) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constant([])).map(([i]) => clone(replyExample(i))) },
  { weight: 2, arbitrary: fc.tuple(elementTree(), fc.constantFrom('result', 'error')).map(([tree, type]) => {
    tree.name = 'iq'
    tree.attrs.type = type
    return tree
  }) }
)

/** 2. Any reply: the callback is called exactly once, with JSON-serialisable arguments; nothing throws. */
export const repliesProperty = (): fc.IPropertyWithHooks<[EventName, string, Element, boolean]> =>
  fc.property(fc.constantFrom(...EVENTS), fc.constantFrom('shakespeare.lit', 'contests.shakespeare.lit', 'room@conference.shakespeare.lit'), reply(), fc.boolean(),
    (event, to, stanza, address) => {
      const s = fuzzSession()
      const calls: Call[] = []
      s.socket.fromBrowser(event, { to, username: 'bill', password: 'pw' }, (...args: unknown[]) => { calls.push(args) })
      equal(s.client.wire.length, 1)
      if (address) {
        stanza.attrs.id = parse(s.client.wire[0]!).attrs.id
        stanza.attrs.from = to
      }
      s.client.emit('stanza', stanza)
      s.client.emit('offline')
      equal(calls.length, 1)
      const args = calls[0]!
      count('replies', args[0] === null ? 'data' : `error ${(args[0] as { condition: string }).condition}`)
      if (args[0] === null) {
        equal(args.length, 2)
        ok(args[1] !== undefined && args[1] !== null)
      } else {
        equal(args.length, 1)
        const error = args[0] as Record<string, unknown>
        ok(typeof error.type === 'string' && typeof error.condition === 'string', JSON.stringify(error))
      }
      deepStrictEqual(JSON.parse(JSON.stringify(args)), args)
      equal(s.register.pending, 0)
    })

const ROUND_TRIP_TYPES = [undefined, 'text-single', 'text-private', 'hidden', 'list-single', 'jid-single', 'text-multi', 'list-multi', 'jid-multi', 'boolean'] as const
const scalar = (): fc.Arbitrary<string | number | boolean> => fc.oneof(xmlText(), fc.integer(), fc.boolean())

const SINGLE_VALUED = ['text-single', 'text-private', 'list-single', 'jid-single', 'boolean']

/** The <value/>s a field is submitted with (XEP-0004 §3.3: text-multi one per line). */
const submittedValues = (type: string | undefined, value: unknown): string[] => {
  const list = (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value])
    .map((v: string | number | boolean) => String(v))
  return type === 'text-multi' ? list.flatMap((v) => v.split(/\r\n|\r|\n/)) : list
}

const expectedValue = (type: string | undefined, value: unknown): FormField['value'] | undefined => {
  const list = submittedValues(type, value)
  if (list.length === 0) return undefined
  if (type === 'text-multi' || type === 'list-multi' || type === 'jid-multi') return list
  if (type === 'hidden' && list.length > 1) return list
  if (type === 'boolean') return list[0]!.trim() === 'true' || list[0]!.trim() === '1'
  return list[0]
}

/** 3. What is sent is what was meant: the built query parses back to the same values. */
export const roundTripProperty = () =>
  fc.property(
    fc.record(Object.fromEntries(REGISTRATION_FIELDS.map((f) => [f, xmlText()])) as Record<RegistrationField, fc.Arbitrary<string>>, { requiredKeys: [] }),
    fc.option(fc.array(fc.record({
      var: xmlText({ minLength: 1 }).filter((v) => v !== 'FORM_TYPE'),
      type: fc.constantFrom(...ROUND_TRIP_TYPES),
      label: fc.option(xmlText(), { nil: undefined }),
      value: fc.oneof(scalar(), fc.array(scalar(), { maxLength: 3 }), fc.constant(null))
    }, { requiredKeys: ['var'] }), { maxLength: 6 })),
    fc.option(xmlText({ minLength: 1 }).filter((t) => t.trim() !== ''), { nil: undefined }),
    (legacy, fields, formType) => {
      const form = fields === null ? undefined : (formType === undefined ? fields : { formType, fields })
      const checked = checkSet({ to: 'shakespeare.lit', ...legacy, ...(form === undefined ? {} : { form }) })
      // Several values on a single-valued field: refused, naming the first such field.
      const several = fields?.find((f) => f.type !== undefined && SINGLE_VALUED.includes(f.type) && submittedValues(f.type, f.value).length > 1)
      if (several !== undefined) {
        count('round trip', 'several values on a single-valued field')
        deepStrictEqual(checked, { ok: false, message: `Field '${several.var}' (${several.type}) takes one value` })
        return
      }
      ok(checked.ok, checked.ok ? '' : checked.message)
      const iq = parse(buildSet('id', checked.command).toString())
      const query = child(iq, 'query', 'jabber:iq:register')!
      // An empty form is no form: the legacy fields go out.
      count('round trip', fields === null || fields.length === 0 ? 'legacy fields' : 'form')
      if (fields === null || fields.length === 0) {
        // Exactly the text given, in the element named after the field.
        for (const name of REGISTRATION_FIELDS) {
          const el = child(query, name)
          equal(el === undefined ? undefined : text(el), legacy[name])
        }
        const parsed = parseGetReply(parse(`<iq type='result'>${query.toString()}</iq>`))
        const expected: Record<string, string | true> = {}
        for (const [name, value] of Object.entries(legacy)) expected[name] = value.trim() === '' ? true : value
        deepStrictEqual(parsed, { data: expected })
      } else {
        equal(REGISTRATION_FIELDS.some((name) => child(query, name) !== undefined), false)
        const parsed = parseDataForm(child(query, 'x', 'jabber:x:data')!)
        equal(parsed.formType, formType?.trim() ?? 'jabber:iq:register')
        deepStrictEqual(parsed.fields, fields.map((f) => {
          const out: FormField = { var: f.var }
          if (f.type !== undefined) out.type = f.type
          if (f.label !== undefined) out.label = f.label
          const value = expectedValue(f.type, f.value)
          if (value !== undefined) out.value = value
          return out
        }))
      }
    })

const password = (): fc.Arbitrary<string> => xmlText({ minLength: 6, maxLength: 24 }).filter((p) => p.trim().length >= 6)

/** 4. No debug line of a whole exchange contains a password. */
export const passwordsProperty = (): fc.IPropertyWithHooks<[number, string, string, string, number]> =>
  fc.property(fc.nat(5), password(), password(), fc.constantFrom('shakespeare.lit', 'Contests.Shakespeare.lit'), fc.nat(3), (variant, secret, oldSecret, to, outcome) => {
    const requests: Array<[EventName, Record<string, unknown>]> = [
      ['xmpp.register.set', { to, username: 'bill', password: secret, email: 'b@s.lit' }],
      ['xmpp.register.password', { to, password: secret }],
      ['xmpp.register.set', { to, form: [{ var: 'username', value: 'bill' }, { var: 'password', type: 'text-private', value: secret }] }],
      ['xmpp.register.password', { to, form: { formType: 'jabber:iq:register:changepassword', fields: [{ var: 'old_password', type: 'text-private', value: oldSecret }, { var: 'password', type: 'text-private', value: secret }] } }],
      ['xmpp.register.unregister', { to, form: [{ var: 'password', type: 'text-private', value: [secret] }] }],
      ['xmpp.register.password', { to, username: 'bill', password: `${secret}\u0000` }]
    ]
    const [event, data] = requests[variant]!
    const visible = `${to} bill b@s.lit username password old_password jabber:iq:register:changepassword`
    fc.pre(!visible.includes(secret) && !visible.includes(oldSecret))
    const lines: string[] = []
    const saved = createDebug.log
    createDebug.enable('xmpp-ftw:register')
    createDebug.log = (...args: unknown[]) => { lines.push(format(...args)) }
    try {
      const s = fuzzSession()
      s.socket.fromBrowser(event, data, () => undefined)
      const id = s.client.wire.length > 0 ? parse(s.client.wire[0]!).attrs.id : undefined
      if (outcome === 0) s.client.emit('stanza', parse(`<iq type='result' id='${id}' from='${to}'/>`))
      else if (outcome === 1) { const r = ex77(23); r.attrs.id = id; r.attrs.from = to; s.client.emit('stanza', r) }
      else if (outcome === 2) s.client.emit('offline')
      else s.client.emit('stanza', parse(`<iq type='error' id='${id}' from='${to}'><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>bad</text></error></iq>`))
      s.client.emit('offline')
    } finally {
      createDebug.disable()
      createDebug.log = saved
    }
    const log = lines.join('\n')
    count('passwords', `${event} (${lines.length} log lines)`.replace(/\(\d+ log/, '(n log'))
    ok(lines.length > 0)
    ok(!log.includes(secret) && !log.includes(oldSecret), `a password was logged:\n${log}`)
  })

type Step =
  | { kind: 'request'; op: number; target: number }
  | { kind: 'reply'; which: number; variant: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'offline' }
  | { kind: 'logout' }
  | { kind: 'login' }

const step = (): fc.Arbitrary<Step> => fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('request' as const), op: fc.nat(3), target: fc.nat(3) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('reply' as const), which: fc.nat(), variant: fc.nat(6) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 1500 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'offline' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'logout' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'login' as const }) }
)

const QUERY = "<query xmlns='jabber:iq:register'/>"
const TARGETS = ['shakespeare.lit', 'contests.shakespeare.lit', 'room@conference.shakespeare.lit', 'bill@shakespeare.lit']

interface Tracked {
  client: WireClient | undefined
  id: string | undefined
  to: string
  op: number
  deadline: number
  expected: string | undefined
  calls: Call[]
}

const outcomeOf = (args: Call): string => {
  if (args[0] === null) return args[1] === true ? 'success:true' : 'success'
  return `error:${(args[0] as { condition: string }).condition}`
}

/**
 * 5. Interleavings of requests, replies (good, erroneous, spoofed, not replies, late),
 * timeouts, disconnects, logouts and new logins: every callback exactly once with the
 * outcome a model predicts, and no request or timer left.
 */
export const interleavingsProperty = (): fc.IPropertyWithHooks<[Step[]]> =>
  fc.property(fc.array(step(), { maxLength: 40 }), (steps) => {
    const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance', 'queueMicrotask'], now: 0 })
    try {
      const s = fuzzSession()
      const clients: WireClient[] = [s.client]
      const requests: Tracked[] = []
      const settle = (r: Tracked, outcome: string): void => { if (r.expected === undefined) r.expected = outcome }
      const pendingOn = (client: WireClient): Tracked[] => requests.filter((r) => r.client === client && r.expected === undefined)
      const expireUntil = (now: number): void => {
        for (const r of requests.filter((q) => q.expected === undefined && q.deadline <= now).sort((a, b) => a.deadline - b.deadline)) settle(r, 'error:timeout')
      }
      for (const st of steps) {
        const current = s.manager.client || undefined
        if (st.kind === 'request') {
          const to = TARGETS[st.target]!
          const r: Tracked = { client: current, id: undefined, to, op: st.op, deadline: clock.now + TIMEOUT, expected: undefined, calls: [] }
          requests.push(r)
          const before = current ? current.wire.length : 0
          s.socket.fromBrowser(EVENTS[st.op]!, { to, password: 'pw' }, (...args: unknown[]) => { r.calls.push(args) })
          if (!current) settle(r, 'error:not-connected')
          else r.id = parse(current.wire[before]!).attrs.id as string
        } else if (st.kind === 'reply') {
          if (requests.length === 0) continue
          const r = requests[st.which % requests.length]!
          if (!r.client || r.id === undefined) continue
          const listening = r.client.listenerCount('stanza') > 0
          const home = r.to === 'shakespeare.lit' || r.to === 'bill@shakespeare.lit'
          const variants: Array<[string, boolean]> = [
            [`<iq type='result' id='${r.id}' from='${r.to}'>${QUERY}</iq>`, true],
            [`<iq type='error' id='${r.id}' from='${r.to}'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`, true],
            [`<iq type='result' id='${r.id}' from='evil.lit'/>`, false],
            [`<iq type='get' id='${r.id}' from='${r.to}'><query xmlns='jabber:iq:register'/></iq>`, false],
            [`<iq type='result' id='${r.id}' from='${r.to.toUpperCase()}'>${QUERY}</iq>`, true],
            [`<iq type='result' id='${r.id}'>${QUERY}</iq>`, home],
            [`<iq type='result' id='${r.id}' from='${OWN_JID}'>${QUERY}</iq>`, home]
          ]
          const [xml, accepted] = variants[st.variant % variants.length]!
          const stanza = parse(xml)
          r.client.emit('stanza', stanza)
          if (listening && accepted && r.expected === undefined) {
            if (st.variant % variants.length === 1) settle(r, 'error:conflict')
            else settle(r, r.op === 2 ? 'success:true' : 'success')
          }
        } else if (st.kind === 'advance') {
          clock.tick(st.ms)
          expireUntil(clock.now)
        } else if (st.kind === 'offline') {
          if (!current) continue
          const listening = current.listenerCount('offline') > 0
          current.emit('offline')
          if (listening) {
            for (const r of pendingOn(current)) {
              const home = r.to === 'shakespeare.lit' || r.to === 'bill@shakespeare.lit'
              settle(r, r.op === 2 && home ? 'success:true' : 'error:disconnected')
            }
          }
          // xmpp-ftw then logs out: its client's listeners are removed and the client dropped.
          current.removeAllListeners()
          clock.runMicrotasks()
          s.manager.client = false
        } else if (st.kind === 'logout') {
          if (!current) continue
          // Removing the client's listeners (xmpp-ftw's logout) settles what is pending at once.
          for (const r of pendingOn(current)) settle(r, 'error:disconnected')
          current.removeAllListeners()
          clock.runMicrotasks()
          s.manager.client = false
        } else if (!current) {
          const client = new WireClient()
          clients.push(client)
          s.manager.client = client
        }
      }
      clock.tick(TIMEOUT + 1)
      expireUntil(clock.now)
      for (const r of requests) {
        count('interleavings', r.expected ?? 'unsettled')
        equal(r.calls.length, 1, `request to ${r.to}: ${r.calls.length} callbacks`)
        equal(outcomeOf(r.calls[0]!), r.expected)
      }
      for (const client of clients) equal(trackerFor(client).size, 0)
      equal(clock.countTimers(), 0)
    } finally {
      clock.uninstall()
    }
  })

/** The five properties: key (for stats), description, property. */
export const PROPERTIES: Array<[string, string, () => fc.IPropertyWithHooks<never>]> = [
  ['requests', 'requests: one well-formed IQ, or nothing and one client error', requestsProperty as () => fc.IPropertyWithHooks<never>],
  ['replies', 'replies: one callback, JSON-serialisable, no throw', repliesProperty as () => fc.IPropertyWithHooks<never>],
  ['round trip', 'round trip: the built query parses back to the values sent', roundTripProperty as () => fc.IPropertyWithHooks<never>],
  ['passwords', 'passwords: never in a debug line', passwordsProperty as () => fc.IPropertyWithHooks<never>],
  ['interleavings', 'interleavings: every callback once, as modelled; no request or timer left', interleavingsProperty as () => fc.IPropertyWithHooks<never>]
]

/** The top entries of a stats table as one line. */
export const describeStats = (key: string, top = 6): string =>
  Object.entries(stats[key] ?? {}).sort((a, b) => b[1] - a[1]).slice(0, top).map(([what, n]) => `${what}: ${n}`).join(', ')
