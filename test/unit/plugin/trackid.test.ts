// Managers that deliver replies only through `manager.trackId(stanza, callback)`: the
// xmpp-ftw family's plugin test convention. The 40 cases of xmpp-ftw-register 1.1.8's own
// suite (test/lib/register.js, its fake manager and its reply files, copied verbatim into
// test/fixtures/xmpp-ftw-register-1.1.8) run as a table against this build; then the same
// path beside xmpp-ftw's real Xmpp, whose own sender check and timeout stay the plugin's.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { type Element, parse } from 'ltx'

import { HOSTS, loadRegister } from '../../support/host'
import { onlineSession } from '../../support/session'

const NS = 'jabber:iq:register'
const NS_DATA = 'jabber:x:data'

/** 1.1.8's helper.getStanza: a reply file with new lines and indentation removed. */
const getStanza = (file: string): Element =>
  parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'xmpp-ftw-register-1.1.8', file), 'utf8')
    .replace(/[\n\r]/g, '')
    .replace(/>\s{1,}/g, '>'))

/** 1.1.8's XmppEventer: the client emits what is sent as a `stanza` event. */
class XmppEventer extends EventEmitter {
  send(stanza: Element): void {
    this.emit('stanza', stanza.root())
  }
}

/** 1.1.8's SocketEventer: what the browser sends is emitted to the plugin. */
class SocketEventer extends EventEmitter {
  send(event: string, data: unknown, callback?: unknown): void {
    this.emit(event, data, callback)
  }
}

type Answer = (error: unknown, data: unknown) => void

interface Case {
  /** 1.1.8's describe and it. */
  name: string
  event: string
  request: Record<string, unknown>
  /** The callback given: a function (default), none, or `true`. */
  callback?: 'none' | 'not-a-function'
  /** A reply file the fake manager delivers through trackId when the request goes out. */
  reply?: string
  /** 1.1.8's checks of the stanza sent, for the cases that end there. */
  sent?(stanza: Element, request: Record<string, unknown>): void
  /** 1.1.8's checks of the callback's arguments. */
  answer?: Answer
  /** The case ends with a client error on the socket, and nothing may be sent. */
  socketError?: true
  /** Where 2.0 differs on purpose: the request it is run with instead, and why. */
  v2?: { request: Record<string, unknown>; why: string }
}

const MISSING_CALLBACK = { type: 'modify', condition: 'client-error', description: 'Missing callback', request: {} }
const ERROR_CONDITION: Answer = (error, data) => {
  equal(data ?? undefined, undefined)
  deepStrictEqual(error, { type: 'cancel', condition: 'error-condition' })
}
const missingTo: Answer = (error, data) => {
  equal(data ?? undefined, undefined)
  deepStrictEqual(error, { type: 'modify', condition: 'client-error', description: "Missing 'to' key", request: {} })
}
const badForm: Answer = (error, data) => {
  equal(data ?? undefined, undefined)
  deepStrictEqual(error, { type: 'modify', condition: 'client-error', description: 'Badly formatted data form', request: { to: 'shakespeare.lit', form: {} } })
}
const registered: Answer = (error, data) => {
  equal(error ?? undefined, undefined)
  equal((data as { registered: boolean }).registered, true)
}
const iqTo = (type: string): NonNullable<Case['sent']> => (stanza, request) => {
  ok(stanza.is('iq'))
  equal(stanza.attrs.to, request.to)
  ok(stanza.attrs.id)
  equal(stanza.attrs.type, type)
  ok(stanza.getChild('query', NS))
}
/** The data form sent: FORM_TYPE first, then the request's fields in order. */
const sentForm = (formType: string): NonNullable<Case['sent']> => (stanza, request) => {
  iqTo('set')(stanza, request)
  const x = stanza.getChild('query', NS)!.getChild('x', NS_DATA)!
  ok(x.attrs.type)
  const fields = x.children as Element[]
  const form = request.form as Array<{ var: string; value: string }>
  equal(fields.length, form.length + 1)
  deepStrictEqual([fields[0]!.name, fields[0]!.attrs.var, fields[0]!.attrs.type, fields[0]!.getChildText('value')], ['field', 'FORM_TYPE', 'hidden', formType])
  form.forEach((field, i) => deepStrictEqual([fields[i + 1]!.name, fields[i + 1]!.attrs.var, fields[i + 1]!.getChildText('value')], ['field', field.var, field.value]))
}
/** The form 1.1.8's change-password-data-form and registration-information-with-data-form hold. */
const nameAndRomeo = (form: { fields: Array<Record<string, unknown>> }): void => {
  equal(form.fields.length, 2)
  deepStrictEqual([form.fields[0]!.var, form.fields[0]!.type, form.fields[0]!.required, form.fields[0]!.label], ['name', 'text-single', true, 'Name'])
  deepStrictEqual([form.fields[1]!.var, form.fields[1]!.type, form.fields[1]!.label], ['x-romeo', 'list-single', 'Art thou Romeo?'])
}

/** The first three cases of each of 1.1.8's four operations. */
const refusals = (group: string, event: string): Case[] => [
  { name: `${group}: Errors when no callback provided`, event, request: {}, callback: 'none', socketError: true },
  { name: `${group}: Errors when non-function callback provided`, event, request: {}, callback: 'not-a-function', socketError: true },
  { name: `${group}: Errors if missing 'to' key`, event, request: {}, answer: missingTo }
]

const GET = 'xmpp.register.get'
const SET = 'xmpp.register.set'
const UNREGISTER = 'xmpp.register.unregister'
const PASSWORD = 'xmpp.register.password'
const TO = { to: 'shakespeare.lit' }
/**
 * 1.1.8 sent a password change without the new password (and, with no session, without a
 * username); 2.0 refuses it as a client error and sends nothing.
 */
const WITH_PASSWORD = { request: { ...TO, username: 'romeo', password: 'love-juliet' }, why: 'with username and password, a change without them is a client error' }

const CASES: Case[] = [
  ...refusals('Get registration details', GET),
  { name: 'Get registration details: Sends expected stanza', event: GET, request: TO, sent: iqTo('get') },
  { name: 'Get registration details: Handles error response stanza', event: GET, request: TO, reply: 'iq-error', answer: ERROR_CONDITION },
  {
    name: 'Get registration details: Returns registration information', event: GET, request: TO, reply: 'registration-information',
    answer: (error, data) => {
      equal(error ?? undefined, undefined)
      const d = data as Record<string, unknown>
      deepStrictEqual([d.instructions, d.email, d.username], ['These are instructions', true, true])
    }
  },
  {
    name: 'Get registration details: Handles registered entity', event: GET, request: TO, reply: 'registered-entity',
    answer: (error, data) => {
      equal(error ?? undefined, undefined)
      const d = data as Record<string, unknown>
      deepStrictEqual([d.instructions, d.email, d.username, d.password, d.registered], [undefined, 'romeo@shakespeare.lit', 'romeo', 'love-juliet', true])
    }
  },
  {
    name: 'Get registration details: Handles registration get with data form', event: GET, request: TO, reply: 'registration-information-with-data-form',
    answer: (error, data) => {
      equal(error ?? undefined, undefined)
      const d = data as { instructions: string; form: { title: string; instructions: string; fields: Array<Record<string, unknown>> } }
      deepStrictEqual([d.instructions, d.form.title, d.form.instructions], ['These are instructions', 'Registration', 'Registration instructions'])
      nameAndRomeo(d.form)
      deepStrictEqual(d.form.fields[1]!.options, [{ value: 'Y', label: 'Y' }, { value: 'N', label: 'N' }])
    }
  },
  {
    name: 'Get registration details: Handles OOB response', event: GET, request: TO, reply: 'out-of-band',
    answer: (error, data) => {
      equal(error ?? undefined, undefined)
      const d = data as { instructions: string; oob: { url: string; description: string } }
      deepStrictEqual([d.instructions, d.oob.url, d.oob.description], ['These are instructions', 'http://shakespeare.lit', 'Head here to register'])
    }
  },

  ...refusals('Can register', SET),
  { name: 'Can register: Sends expected stanza', event: SET, request: TO, sent: iqTo('set') },
  {
    name: 'Can register: Sends expected stanza with fields', event: SET, request: { ...TO, username: 'romeo', email: 'romeo@shakespeare.lit', password: 'love-juliet' },
    sent: (stanza, request) => {
      iqTo('set')(stanza, request)
      const query = stanza.getChild('query', NS)!
      deepStrictEqual(['username', 'password', 'email'].map((name) => query.getChildText(name)), [request.username, request.password, request.email])
    }
  },
  { name: 'Can register: Handles error response stanza', event: SET, request: TO, reply: 'iq-error', answer: ERROR_CONDITION },
  { name: 'Can register: Confirms expected registration', event: SET, request: TO, reply: 'iq-result', answer: registered },
  { name: 'Can register: Errors with invalid data form', event: SET, request: { ...TO, form: {} }, answer: badForm },
  {
    name: 'Can register: Sends expected stanza with data form', event: SET,
    request: { ...TO, form: [{ var: 'field-type1', value: 'field-value1' }, { var: 'field-type2', value: 'field-value2' }] },
    sent: sentForm(NS)
  },

  ...refusals('Unregister', UNREGISTER),
  {
    name: 'Unregister: Sends expected stanza', event: UNREGISTER, request: TO,
    sent: (stanza, request) => {
      iqTo('set')(stanza, request)
      ok(stanza.getChild('query', NS)!.getChild('remove'))
    }
  },
  { name: 'Unregister: Handles error response stanza', event: UNREGISTER, request: TO, reply: 'iq-error', answer: ERROR_CONDITION },
  {
    name: 'Unregister: Returns success', event: UNREGISTER, request: TO, reply: 'iq-result',
    answer: (error, data) => {
      equal(error ?? undefined, undefined)
      equal(data, true)
    }
  },
  {
    name: 'Unregister: Handles unregister error with data form', event: UNREGISTER, request: TO, reply: 'unregister-error',
    answer: (error, data) => {
      equal(data ?? undefined, undefined)
      const e = error as { type: string; condition: string; form: { title: string; instructions: string; fields: Array<Record<string, unknown>> } }
      deepStrictEqual([e.type, e.condition, e.form.title, e.form.instructions, e.form.fields.length], ['cancel', 'not-allowed', 'Cancel', 'Unregister Instructions', 1])
      deepStrictEqual([e.form.fields[0]!.var, e.form.fields[0]!.label, e.form.fields[0]!.type, e.form.fields[0]!.required], ['username', 'Username', 'text-single', true])
    }
  },
  {
    name: 'Unregister: Sends expected stanza with data form', event: UNREGISTER, request: { ...TO, form: [{ var: 'field-name1', value: 'field-value1' }] },
    sent: (stanza, request) => {
      sentForm('jabber:iq:register:cancel')(stanza, request)
      equal(stanza.getChild('query', NS)!.getChild('remove'), undefined)
    }
  },
  { name: 'Unregister: Errors with unparsable data form', event: UNREGISTER, request: { ...TO, form: {} }, answer: badForm },

  ...refusals('Can change password', PASSWORD),
  { name: 'Can change password: Sends expected stanza', event: PASSWORD, request: TO, sent: iqTo('set'), v2: WITH_PASSWORD },
  {
    name: 'Can change password: Sends expected stanza with fields', event: PASSWORD, request: { ...TO, username: 'romeo', password: 'love-juliet' },
    sent: (stanza, request) => {
      iqTo('set')(stanza, request)
      const query = stanza.getChild('query', NS)!
      deepStrictEqual([query.getChildText('username'), query.getChildText('password')], [request.username, request.password])
    }
  },
  { name: 'Can change password: Handles error response stanza', event: PASSWORD, request: TO, reply: 'iq-error', answer: ERROR_CONDITION, v2: WITH_PASSWORD },
  {
    name: 'Can change password: Handles error response issue#13', event: PASSWORD, request: TO, reply: 'issues/register-fail-13', v2: WITH_PASSWORD,
    answer: (error, data) => {
      equal(data ?? undefined, undefined)
      deepStrictEqual(error, { type: 'cancel', condition: 'service-unavailable' })
    }
  },
  {
    name: 'Can change password: Handles error response stanza with form', event: PASSWORD, request: TO, reply: 'change-password-data-form', v2: WITH_PASSWORD,
    answer: (error, data) => {
      equal(data ?? undefined, undefined)
      const e = error as { type: string; condition: string; form: { title: string; instructions: string; fields: Array<Record<string, unknown>> } }
      deepStrictEqual([e.type, e.condition, e.form.title, e.form.instructions], ['modify', 'not-authorized', 'Password change', 'Password change instructions'])
      nameAndRomeo(e.form)
    }
  },
  { name: 'Can change password: Confirms successful password change', event: PASSWORD, request: TO, reply: 'iq-result', answer: registered, v2: WITH_PASSWORD },
  { name: 'Can change password: Errors with invalid data form', event: PASSWORD, request: { ...TO, form: {} }, answer: badForm },
  {
    name: 'Can change password: Sends expected stanza with data form', event: PASSWORD,
    request: { ...TO, form: [{ var: 'field-type1', value: 'field-value1' }, { var: 'field-type2', value: 'field-value2' }] },
    sent: sentForm('jabber:iq:register:changepassword')
  }
]

describe('trackId: xmpp-ftw-register 1.1.8\'s own suite, its fake manager delivering replies through trackId', () => {
  const Register = loadRegister('xmpp-ftw')
  const socket = new SocketEventer()
  const xmpp = new XmppEventer()
  let callback: ((stanza: unknown) => void) | undefined
  const manager = {
    socket,
    client: xmpp,
    trackId(id: unknown, cb: (stanza: unknown) => void): void {
      if (typeof id !== 'object') throw new Error('Stanza protection ID not added')
      callback = cb
    },
    makeCallback(stanza: unknown): void {
      callback?.(stanza)
    }
  }
  const register = new Register()
  before(() => register.init(manager))
  beforeEach(() => {
    socket.removeAllListeners()
    xmpp.removeAllListeners()
    register.init(manager)
  })

  it('Handles nothing', () => equal(register.handles(), false))
  it('Handle(s) nothing', () => equal(register.handle(), false))

  /** Runs one case as 1.1.8's `done` did: on the first check that completes, or fails. */
  const run = (c: Case): Promise<void> => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no outcome within 500 ms')), 500)
    const finish = (check: () => void): void => {
      clearTimeout(timer)
      try { check(); resolve() } catch (e) { reject(e as Error) }
    }
    if (c.socketError || (c.answer && !c.reply)) xmpp.once('stanza', () => finish(() => { throw new Error('Unexpected outgoing stanza') }))
    if (c.sent) xmpp.once('stanza', (stanza: Element) => finish(() => c.sent!(stanza, c.v2?.request ?? c.request)))
    if (c.reply) xmpp.once('stanza', () => manager.makeCallback(getStanza(c.reply!)))
    if (c.socketError) socket.once('xmpp.error.client', (error: unknown) => finish(() => deepStrictEqual(error, MISSING_CALLBACK)))
    const cb = c.callback === 'none' ? undefined : c.callback === 'not-a-function' ? true : (error: unknown, data: unknown) => {
      if (c.answer) finish(() => c.answer!(error, data))
    }
    socket.send(c.event, c.v2?.request ?? c.request, cb)
  })

  for (const c of CASES) it(c.v2 ? `${c.name} (2.0: ${c.v2.why})` : c.name, () => run(c))

  it('runs all 40 of 1.1.8\'s cases', () => equal(CASES.length + 2, 40))
})

describe('trackId: the plugin\'s own timeout and checks on that path', () => {
  const Register = loadRegister('xmpp-ftw')
  const TIMEOUT_ERROR = [{ type: 'wait', condition: 'timeout', description: 'No reply from shakespeare.lit within 50 ms' }]

  /** 1.1.8's fake manager, keeping every trackId callback. */
  const trackingManager = (): { manager: object; client: XmppEventer; delivered: Array<(stanza: unknown) => void> } => {
    const client = new XmppEventer()
    const delivered: Array<(stanza: unknown) => void> = []
    const manager = { socket: new SocketEventer(), client, trackId: (_stanza: unknown, cb: (stanza: unknown) => void) => { delivered.push(cb) } }
    return { manager, client, delivered }
  }

  it('no reply through trackId: the callback gets the timeout, a later delivery is ignored, nothing is left', async () => {
    const { manager, delivered } = trackingManager()
    const register = new Register({ timeout: 50 })
    register.init(manager, true)
    const calls: unknown[][] = []
    register.get({ to: 'shakespeare.lit' }, (...args: unknown[]) => calls.push(args))
    equal(delivered.length, 1)
    await new Promise((resolve) => setTimeout(resolve, 80))
    deepStrictEqual(calls, [TIMEOUT_ERROR])
    delivered[0]!(getStanza('iq-result'))
    deepStrictEqual(calls, [TIMEOUT_ERROR])
    equal(register.pending, 0)
  })

  it('what trackId delivers that is no IQ result or error is not the reply; the real one then is', () => {
    const { manager, delivered } = trackingManager()
    const register = new Register({ timeout: 5000 })
    register.init(manager, true)
    const calls: unknown[][] = []
    register.unregister({ to: 'shakespeare.lit' }, (...args: unknown[]) => calls.push(args))
    for (const odd of [undefined, 'text', parse("<iq type='get'/>"), parse('<message/>')]) delivered[0]!(odd)
    deepStrictEqual(calls, [])
    delivered[0]!(getStanza('iq-result'))
    delivered[0]!(getStanza('iq-error'))
    deepStrictEqual(calls, [[null, true]])
  })

  for (const { version, pkg } of HOSTS) {
    it(`xmpp-ftw ${version}'s real Xmpp: trackId is not used; the plugin's case-insensitive sender check and timeout apply`, async () => {
      const s = onlineSession(pkg, { timeout: 50 })
      const calls: unknown[][] = []
      s.socket.fromBrowser('xmpp.register.get', { to: 'Room@Conference.Shakespeare.LIT' }, (...args: unknown[]) => calls.push(args))
      deepStrictEqual(Object.keys(s.xmpp.tracking as object), [], 'xmpp-ftw tracking is not used')
      s.client.reply("<iq type='result'><query xmlns='jabber:iq:register'/></iq>", { from: 'evil.lit' })
      s.client.reply("<iq type='result'><query xmlns='jabber:iq:register'><registered/></query></iq>", { from: 'room@conference.shakespeare.lit' })
      deepStrictEqual(calls, [[null, { registered: true, mode: 'legacy' }]] as unknown[][])
      s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, (...args: unknown[]) => calls.push(args))
      await new Promise((resolve) => setTimeout(resolve, 80))
      deepStrictEqual(calls, [[null, { registered: true, mode: 'legacy' }], TIMEOUT_ERROR])
    })
  }
})
