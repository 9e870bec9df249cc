// The three implementations the in-process benchmark compares, each driven the same way:
// one call builds the request, "sends" it, feeds the reply back and waits for the callback.
import { EventEmitter } from 'node:events'

import { Element } from 'ltx'

import { OWN_JID, type Scenario } from './fixtures'

/** Runs one request/reply exchange synchronously; returns what the callback got. */
export type Driver = (scenario: Scenario) => unknown

const NS = 'jabber:iq:register'
const NS_DATA = 'jabber:x:data'
const NS_OOB = 'jabber:x:oob'
const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas'

const socket = { send: (): void => undefined, on: (): void => undefined, removeAllListeners: (): void => undefined }

/** This package (built), with a client that hands the sent stanza back. */
export const ours = (Register: new (options?: object) => Record<string, (data: unknown, cb: (...a: unknown[]) => void) => void> & { init(m: unknown, i?: boolean): void }): Driver => {
  const client = new (class extends EventEmitter { last: Element | undefined; send(s: Element): void { this.last = s } })()
  const register = new Register()
  register.init({ socket, client, jid: OWN_JID }, true)
  let result: unknown
  const callback = (error: unknown, data?: unknown): void => { result = error ?? data }
  return (scenario) => {
    result = undefined
    register[scenario.method]!(scenario.data, callback)
    scenario.reply.attrs.id = client.last!.attrs.id
    client.emit('stanza', scenario.reply)
    return result
  }
}

/** xmpp-ftw-register 1.1.8 from npm, with a manager whose trackId keeps the callback. */
export const v1 = (Register: new () => Record<string, (data: unknown, cb: (...a: unknown[]) => void) => void> & { init(m: unknown, i?: boolean): void }): Driver => {
  let last: Element | undefined
  let tracked: ((stanza: Element) => void) | undefined
  const manager = {
    socket,
    client: { send: (s: Element) => { last = s } },
    trackId: (_stanza: unknown, cb: (stanza: Element) => void) => { tracked = cb }
  }
  const register = new Register()
  register.init(manager, true)
  let result: unknown
  const callback = (error: unknown, data?: unknown): void => { result = error ?? data }
  return (scenario) => {
    result = undefined
    register[scenario.method]!(scenario.data, callback)
    scenario.reply.attrs.id = last!.attrs.id
    tracked!(scenario.reply)
    return result
  }
}

// The floor: plain ltx that builds the same element and reads the same children, with no
// checks, no tracking, no timers and no plugin logic.
let counter = 0
const buildFloor = (scenario: Scenario): Element => {
  const iq = new Element('iq', { type: scenario.method === 'get' ? 'get' : 'set', to: scenario.data.to as string, id: String(++counter) })
  const query = iq.c('query', { xmlns: NS })
  if (scenario.method === 'unregister') {
    query.c('remove')
  } else if (scenario.data.form) {
    const x = query.c('x', { xmlns: NS_DATA, type: 'submit' })
    x.c('field', { type: 'hidden', var: 'FORM_TYPE' }).c('value').t(NS)
    for (const f of scenario.data.form as Array<{ var: string; type: string; value: unknown }>) {
      const field = x.c('field', { type: f.type, var: f.var })
      for (const v of Array.isArray(f.value) ? f.value : [f.value]) field.c('value').t(String(v))
    }
  } else if (scenario.method === 'set') {
    for (const [name, value] of Object.entries(scenario.data)) if (name !== 'to') query.c(name).t(value as string)
  }
  return iq
}

const readForm = (x: Element): unknown => ({
  title: x.getChildText('title'),
  instructions: x.getChildText('instructions'),
  fields: x.getChildren('field').map((f) => ({
    var: f.attrs.var, type: f.attrs.type, label: f.attrs.label, required: f.getChild('required') !== undefined,
    value: f.getChildText('value'), options: f.getChildren('option').map((o) => ({ label: o.attrs.label, value: o.getChildText('value') }))
  }))
})

const readFloor = (reply: Element): unknown => {
  const query = reply.getChild('query', NS)
  if (reply.attrs.type === 'error') {
    const error = reply.getChild('error')!
    const condition = error.children.find((c) => typeof c !== 'string' && c.attrs.xmlns === NS_STANZAS) as Element
    const x = query?.getChild('x', NS_DATA)
    return { type: error.attrs.type, condition: condition.name, form: x && readForm(x) }
  }
  if (!query) return { registered: true }
  const out: Record<string, unknown> = {}
  for (const c of query.children) {
    if (typeof c === 'string') continue
    const el = c as Element
    if (el.attrs.xmlns === NS_DATA) out.form = readForm(el)
    else if (el.attrs.xmlns === NS_OOB) out.oob = { url: el.getChildText('url') }
    else out[el.name] = el.getText() || true
  }
  return out
}

export const floor: Driver = (scenario) => {
  const iq = buildFloor(scenario)
  scenario.reply.attrs.id = iq.attrs.id
  return readFloor(scenario.reply)
}
