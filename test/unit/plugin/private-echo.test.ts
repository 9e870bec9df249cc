// Issue 21 #2 (failed before): after login, with no remembered get form for the JID (xmpp-ftw
// makes a new client at each login), a value the submitted form marks text-private must not
// come back in an error reply that echoes the form without types (as ejabberd does).
import { deepStrictEqual } from 'node:assert/strict'

import { HOSTS } from '../../support/host'
import { onlineSession } from '../../support/session'

const ECHO = "<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'>" +
  "<field var='FORM_TYPE'><value>jabber:iq:register</value></field>" +
  "<field var='username'><value>bill</value></field><field var='pin'><value>4321</value></field></x></query>" +
  "<error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"

for (const { version, pkg } of HOSTS) {
  describe(`submitted private fields stay out of error echoes, xmpp-ftw ${version}`, () => {
    // [event, payload with a text-private 'pin', the echoed form as the callback gets it]
    const CASES: Array<[string, Record<string, unknown>]> = [
      ['xmpp.register.set', { to: 'shakespeare.lit', form: { fields: [{ var: 'username', value: 'bill' }, { var: 'pin', type: 'text-private', value: '4321' }] } }],
      ['xmpp.register.set', { to: 'shakespeare.lit', form: [{ var: 'username', value: 'bill' }, { var: 'pin', type: 'text-private', value: '4321' }] }],
      ['xmpp.register.unregister', { to: 'shakespeare.lit', form: [{ var: 'username', value: 'bill' }, { var: 'pin', type: 'text-private', value: '4321' }] }],
      ['xmpp.register.password', { to: 'shakespeare.lit', form: [{ var: 'username', value: 'bill' }, { var: 'pin', type: 'text-private', value: '4321' }] }]
    ]
    for (const [event, payload] of CASES) {
      it(`${event} (${Array.isArray(payload.form) ? 'array' : 'object'} form)`, async () => {
        const s = onlineSession(pkg, { timeout: 500 })
        const answer = s.call(event, payload)
        s.client.reply(`<iq type='error'>${ECHO}</iq>`, { from: 'shakespeare.lit' })
        const [error] = await answer
        deepStrictEqual((error as { form?: { fields: unknown[] } }).form?.fields, [
          { var: 'username', value: 'bill' }, { var: 'pin' }
        ])
      })
    }
  })
}
