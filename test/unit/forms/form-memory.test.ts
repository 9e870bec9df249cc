// FORM_TYPE memory (issue 9): a form submitted without FORM_TYPE goes out with the FORM_TYPE
// of the last form the service sent for that operation (get's form for set) on this
// connection, else the operation's default. Bounded to 256 JIDs per connection.
import { deepStrictEqual } from 'node:assert/strict'

import { fakeManager, type FakeClient } from '../../support/fakes'
import { loadRegister } from '../../support/host'

const Register = loadRegister('xmpp-ftw')
const MUC = 'http://jabber.org/protocol/muc#register'
const ROOM = 'room@conference.example.org'

const formReply = (formType: string | undefined): string =>
  "<iq type='result'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'>" +
  (formType === undefined ? '' : `<field var='FORM_TYPE' type='hidden'><value>${formType}</value></field>`) +
  "<field var='muc#register_roomnick' type='text-single'/></x></query></iq>"
const LEGACY_REPLY = "<iq type='result'><query xmlns='jabber:iq:register'><username/></query></iq>"
const errorWithForm = (formType: string): string =>
  `<iq type='error'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>${formType}</value></field></x></query>` +
  "<error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"

type Method = 'get' | 'set' | 'unregister' | 'changePassword'
/** One request and, when given, the reply the service sends (from the addressee). */
interface Step { method: Method; to: string; form?: unknown; reply?: string; relogin?: true }

/** Runs the steps on one plugin instance; returns the FORM_TYPE each form request carried. */
const run = (steps: Step[]): string[] => {
  const manager = fakeManager()
  const register = new Register({ timeout: 1000 })
  register.init(manager, true)
  const sent: string[] = []
  for (const step of steps) {
    if (step.relogin) {
      (manager.client as FakeClient).goOffline()
      manager.client = fakeManager().client
    }
    const client = manager.client as FakeClient
    const data = step.form === undefined ? { to: step.to } : { to: step.to, form: step.form }
    register[step.method](data as never, () => undefined)
    const stanza = client.last()
    const x = stanza.getChild('query')?.getChild('x')
    if (x) sent.push(x.getChildren('field').find((f) => f.attrs.var === 'FORM_TYPE')!.getChildText('value')!)
    if (step.reply !== undefined) client.reply(step.reply, { from: step.to })
    else client.reply("<iq type='result'/>", { from: step.to })
  }
  return sent
}

const NICK = [{ var: 'muc#register_roomnick', value: 'bill' }]

describe('FORM_TYPE memory', () => {
  const CASES: Array<[string, Step[], string[]]> = [
    ['a MUC form from get: set with an array sends its FORM_TYPE',
      [{ method: 'get', to: ROOM, reply: formReply(MUC) }, { method: 'set', to: ROOM, form: NICK }], [MUC]],
    ['the JID is compared normalised',
      [{ method: 'get', to: 'Room@Conference.Example.org', reply: formReply(MUC) }, { method: 'set', to: ROOM, form: NICK }], [MUC]],
    ['an object without formType is completed the same way',
      [{ method: 'get', to: ROOM, reply: formReply(MUC) }, { method: 'set', to: ROOM, form: { fields: NICK } }], [MUC]],
    ['a form of another JID does not count',
      [{ method: 'get', to: 'other@conference.example.org', reply: formReply(MUC) }, { method: 'set', to: ROOM, form: NICK }], ['jabber:iq:register']],
    ['nothing learned: the default',
      [{ method: 'set', to: ROOM, form: NICK }], ['jabber:iq:register']],
    ['a later get without a form forgets it',
      [{ method: 'get', to: ROOM, reply: formReply(MUC) }, { method: 'get', to: ROOM, reply: LEGACY_REPLY }, { method: 'set', to: ROOM, form: NICK }], ['jabber:iq:register']],
    ['a later form without FORM_TYPE forgets it',
      [{ method: 'get', to: ROOM, reply: formReply(MUC) }, { method: 'get', to: ROOM, reply: formReply(undefined) }, { method: 'set', to: ROOM, form: NICK }], ['jabber:iq:register']],
    ['a FORM_TYPE field in the array wins',
      [{ method: 'get', to: ROOM, reply: formReply(MUC) }, { method: 'set', to: ROOM, form: [{ var: 'FORM_TYPE', value: 'urn:mine' }, ...NICK] }], ['urn:mine']],
    ['formType of an object wins',
      [{ method: 'get', to: ROOM, reply: formReply(MUC) }, { method: 'set', to: ROOM, form: { formType: 'urn:mine', fields: NICK } }], ['urn:mine']],
    ["get's form is not a cancellation or password form",
      [{ method: 'get', to: ROOM, reply: formReply(MUC) }, { method: 'unregister', to: ROOM, form: NICK }, { method: 'changePassword', to: ROOM, form: NICK }],
      ['jabber:iq:register:cancel', 'jabber:iq:register:changepassword']],
    ['the form of an unregister error is used by the next unregister',
      [{ method: 'unregister', to: ROOM, reply: errorWithForm('urn:x:cancel') }, { method: 'unregister', to: ROOM, form: NICK }, { method: 'set', to: ROOM, form: NICK }],
      ['urn:x:cancel', 'jabber:iq:register']],
    ['the form of a password error is used by the next password change',
      [{ method: 'changePassword', to: ROOM, form: NICK, reply: errorWithForm('urn:x:pw') }, { method: 'changePassword', to: ROOM, form: NICK }],
      ['jabber:iq:register:changepassword', 'urn:x:pw']],
    ['a new connection starts empty',
      [{ method: 'get', to: ROOM, reply: formReply(MUC) }, { method: 'set', to: ROOM, form: NICK, relogin: true }], ['jabber:iq:register']]
  ]
  for (const [name, steps, expected] of CASES) {
    it(name, () => deepStrictEqual(run(steps), expected))
  }

  it('keeps at most 256 JIDs per connection, the least recently used dropped first', () => {
    const room = (n: number): string => `room${n}@conference.example.org`
    const steps: Step[] = []
    for (let n = 0; n < 256; n++) steps.push({ method: 'get', to: room(n), reply: formReply(`urn:room:${n}`) })
    steps.push({ method: 'set', to: room(0), form: NICK }) // room 0 used: room 1 is now the least recently used
    steps.push({ method: 'get', to: room(256), reply: formReply('urn:room:256') }) // the 257th JID
    for (const n of [0, 1, 2, 256]) steps.push({ method: 'set', to: room(n), form: NICK })
    deepStrictEqual(run(steps), ['urn:room:0', 'urn:room:0', 'jabber:iq:register', 'urn:room:2', 'urn:room:256'])
  })
})
