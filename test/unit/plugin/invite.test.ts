// xmpp.register.invite (XEP-0401 invites through XEP-0050 commands) inside real xmpp-ftw 2.0.0
// and 1.18.0: the XEP's exchange verbatim, replies recorded from Prosody 0.12 and ejabberd
// 23.01, multi-stage commands and cancel, bad payloads, timeouts, spoofed replies, the log.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import { format } from 'node:util'

import createDebug from 'debug'

import { canonical, example, recorded, xml } from '../../support/fixtures'
import { HOSTS } from '../../support/host'
import { onlineSession, type Session } from '../../support/session'

const ex401 = (n: number) => example('0401', n)
const PROSODY = 'prosody-0.12-user-invites'
const ALICE = { user: 'alice', domain: 'localhost', resource: 'rec' }
const ROMEO = { user: 'romeo', domain: 'example.com', resource: 'orchard' }
const DISCO_LOCALHOST = "<iq type='get' to='localhost'><query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/></iq>"
const EXECUTE_INVITE = "<iq type='set' to='localhost'><command xmlns='http://jabber.org/protocol/commands' node='urn:xmpp:invite#invite' action='execute'/></iq>"
const PROSODY_INVITE = { status: 'completed', uri: 'xmpp:alice@localhost?roster;preauth=0NUT01x0CIT2FnWtfQaCv8hy;ibr=y', expires: '2026-12-13T07:39:29Z', registration: true }
const SESSION = 'config:20020923T213616Z-700'
const STAGE = {
  status: 'executing',
  node: 'urn:xmpp:invite#create-account',
  sessionid: SESSION,
  actions: ['complete'],
  execute: 'complete',
  form: { fields: [{ var: 'username', type: 'text-single', label: 'Username' }, { var: 'roster-subscription', type: 'boolean', label: 'Roster subscription' }] }
}
const cannot = (to: string, node: string, extra = '') => ({
  type: 'cancel',
  condition: 'feature-not-implemented',
  description: `${to} cannot make invites: it offers no '${node}' command to this account${extra}`
})

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

for (const { version, pkg } of HOSTS) {
  describe(`xmpp.register.invite in xmpp-ftw ${version}`, () => {
    let s: Session
    const login = (jid = ALICE) => { s = onlineSession(pkg, { timeout: 200 }, jid) }
    afterEach(() => equal(s.register.pending, 0, 'a request was left pending'))

    it('is bound with the four other events', () => {
      login()
      equal(s.socket.listenerCount('xmpp.register.invite'), 1)
    })

    it('XEP-0401 §5.1 verbatim: Ex 1 disco, Ex 2 both commands, Ex 3 execute, Ex 4 the invite', async () => {
      login(ROMEO)
      const answer = s.call('xmpp.register.invite', {})
      equal(canonical(s.client.last(), ['id']), canonical(ex401(1), ['id', 'from']))
      s.client.reply(ex401(2).toString())
      equal(canonical(s.client.last(), ['id']), canonical(ex401(3), ['id', 'from']))
      s.client.reply(ex401(4).toString())
      deepStrictEqual(await answer, [null, {
        status: 'completed', uri: 'xmpp:inviter@example.com?roster;preauth=TOKEN;ibr=y', url: 'https://example.com/invite/#TOKEN', expires: '2017-11-06T02:56:15Z', registration: true
      }])
      equal(s.client.sent.length, 2)
    })

    it('XEP-0401 §5.4 verbatim: Ex 5 execute, Ex 6 a form, Ex 7 its submission without FORM_TYPE, Ex 8 the invite; the session is then gone', async () => {
      login(ROMEO)
      const first = s.call('xmpp.register.invite', { type: 'create-account' })
      s.client.reply(ex401(2).toString())
      equal(canonical(s.client.last(), ['id']), canonical(ex401(5), ['id', 'from']))
      s.client.reply(ex401(6).toString())
      deepStrictEqual(await first, [null, STAGE])
      const second = s.call('xmpp.register.invite', { sessionid: SESSION, form: [{ var: 'username', value: 'juliet' }] })
      equal(canonical(s.client.last(), ['id'], true), canonical(ex401(7), ['id', 'from'], true))
      s.client.reply(ex401(8).toString())
      deepStrictEqual(await second, [null, {
        status: 'completed', uri: 'xmpp:juliet@example.com?register;preauth=TOKEN', url: 'https://example.com/invite/#TOKEN', expires: '2017-11-06T02:56:15Z', registration: true
      }])
      const sent = s.client.sent.length
      deepStrictEqual(await s.call('xmpp.register.invite', { sessionid: SESSION, form: [] }), [{
        type: 'modify', condition: 'client-error', description: "'sessionid' key names no command in progress on this connection", request: { sessionid: SESSION, form: [] }
      }])
      equal(s.client.sent.length, sent, 'nothing sent for a finished session')
    })

    it('cancel: sent for a session in progress (XEP-0050 Ex 18 shape), answered locally for any other', async () => {
      login(ROMEO)
      const first = s.call('xmpp.register.invite', { type: 'create-account' })
      s.client.reply(ex401(2).toString())
      s.client.reply(ex401(6).toString())
      await first
      const cancel = s.call('xmpp.register.invite', { sessionid: SESSION, cancel: true })
      equal(s.client.last().toString().replace(/id="[^"]+"/, ''),
        `<iq type="set" to="example.com" ><command xmlns="http://jabber.org/protocol/commands" sessionid="${SESSION}" node="urn:xmpp:invite#create-account" action="cancel"/></iq>`)
      s.client.reply(`<iq type='result' from='example.com'><command xmlns='http://jabber.org/protocol/commands' sessionid='${SESSION}' node='urn:xmpp:invite#create-account' status='canceled'/></iq>`)
      deepStrictEqual(await cancel, [null, { status: 'canceled', sessionid: SESSION }])
      const sent = s.client.sent.length
      deepStrictEqual(await s.call('xmpp.register.invite', { sessionid: SESSION, cancel: true }), [null, { status: 'canceled', sessionid: SESSION }])
      deepStrictEqual(await s.call('xmpp.register.invite', { sessionid: 'someone-elses', cancel: true }), [null, { status: 'canceled', sessionid: 'someone-elses' }])
      equal(s.client.sent.length, sent, 'nothing sent for sessions not in progress')
    })

    it('a stage form with a FORM_TYPE (Prosody add-user) goes back with it, whatever the page says', async () => {
      login({ user: 'admin', domain: 'localhost', resource: 'rec' })
      const first = s.call('xmpp.register.invite', { type: 'create-account' })
      s.client.reply("<iq type='result' from='localhost'><query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'><item jid='localhost' node='urn:xmpp:invite#create-account'/></query></iq>")
      const stage = recorded(PROSODY, 'admin-add-user-stage1')
      const sessionid = stage.getChild('command')!.attrs.sessionid as string
      s.client.reply(stage.toString())
      const [error, step] = await first as [null, { status: string; form: { formType: string } }]
      deepStrictEqual([error, step.status, step.form.formType], [null, 'executing', 'http://jabber.org/protocol/admin'])
      const next = s.call('xmpp.register.invite', { sessionid, action: 'complete', form: { formType: 'urn:other', fields: [{ var: 'accountjid', value: 'carl@localhost' }] } })
      equal(s.client.last().toString().replace(/id="[^"]+"/, ''),
        `<iq type="set" to="localhost" ><command xmlns="http://jabber.org/protocol/commands" sessionid="${sessionid}" node="urn:xmpp:invite#create-account" action="complete"><x xmlns="jabber:x:data" type="submit"><field type="hidden" var="FORM_TYPE"><value>http://jabber.org/protocol/admin</value></field><field var="accountjid"><value>carl@localhost</value></field></x></command></iq>`)
      s.client.reply(recorded(PROSODY, 'admin-add-user-bad-submit').toString())
      const [bad] = await next as [{ condition: string }]
      equal(bad.condition, 'undefined-condition')
    })

    it('Prosody 0.12: the contact invite from recorded replies; without allow_user_invites no sign-up', async () => {
      for (const [server, registration, uri] of [
        [PROSODY, true, PROSODY_INVITE.uri],
        ['prosody-0.12-no-user-invites', false, 'xmpp:alice@localhost?roster;preauth=VocwOZuG0k1iAj1FvPfEltxD']
      ] as const) {
        login()
        const answer = s.call('xmpp.register.invite', {})
        equal(canonical(s.client.last(), ['id']), canonical(xml(DISCO_LOCALHOST)))
        s.client.reply(recorded(PROSODY, 'alice-disco-items-commands').toString())
        equal(canonical(s.client.last(), ['id']), canonical(xml(EXECUTE_INVITE)))
        s.client.reply(recorded(server, 'alice-execute-invite').toString())
        const [error, result] = await answer as [null, { registration: boolean; uri: string }]
        deepStrictEqual([error, result.registration, result.uri], [null, registration, uri])
      }
    })

    it('no invite command: feature-not-implemented in words, nothing executed (table of recorded replies)', async () => {
      const CASES: Array<[string, string, object, string]> = [
        ['ejabberd 23.01 without mod_adhoc', 'ejabberd-23.01-no-adhoc/alice-disco-items-commands', {}, 'urn:xmpp:invite#invite'],
        ['ejabberd 23.01 with mod_adhoc (ping only)', 'ejabberd-23.01-adhoc/alice-disco-items-commands', {}, 'urn:xmpp:invite#invite'],
        ['Prosody 0.12 without mod_adhoc', 'prosody-0.12-no-adhoc/alice-disco-items-commands', {}, 'urn:xmpp:invite#invite'],
        ['Prosody 0.12, a user asking for create-account', `${PROSODY}/alice-disco-items-commands`, { type: 'create-account' }, 'urn:xmpp:invite#create-account']
      ]
      for (const [name, file, payload, node] of CASES) {
        login()
        const answer = s.call('xmpp.register.invite', payload)
        const [server, reply] = file.split('/') as [string, string]
        s.client.reply(recorded(server, reply).toString())
        const extra = node.endsWith('create-account') ? " (account invites are usually for the server's admins only)" : ''
        deepStrictEqual(await answer, [cannot('localhost', node, extra)], name)
        equal(s.client.sent.length, 1, name)
      }
    })

    it('a refusal at execute is the server\'s error (Prosody forbidden, with its text)', async () => {
      login()
      const answer = s.call('xmpp.register.invite', { type: 'create-account' })
      s.client.reply("<iq type='result' from='localhost'><query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'><item jid='localhost' node='urn:xmpp:invite#create-account'/></query></iq>")
      s.client.reply(recorded(PROSODY, 'alice-execute-create-account').toString())
      deepStrictEqual(await answer, [{ type: 'auth', condition: 'forbidden', description: "You don't have permission to execute this command" }])
    })

    it('bad payloads get client errors naming the key; nothing is sent', async () => {
      login()
      const CASES: Array<[unknown, string]> = [
        [null, 'Request must be an object ({} creates a contact invite)'],
        [{ type: 'admin' }, "'type' key must be 'invite' or 'create-account'"],
        [{ to: 5 }, "'to' key must be a string"],
        [{ to: 'a@b@c' }, "'to' key must be a valid JID"],
        [{ cancel: true }, "'form', 'action' and 'cancel' keys need the 'sessionid' of a command in progress"],
        [{ form: [{ var: 'x', value: 'y' }] }, "'form', 'action' and 'cancel' keys need the 'sessionid' of a command in progress"],
        [{ sessionid: 's', action: 'finish' }, "'action' key must be 'prev', 'next' or 'complete'"],
        [{ sessionid: 's', cancel: 'yes' }, "'cancel' key must be true or false"],
        [{ sessionid: 7 }, "'sessionid' key must be a string"],
        [{ sessionid: 's\u0000' }, "'sessionid' key contains a character XML does not allow"],
        [{ sessionid: 'never-seen' }, "'sessionid' key names no command in progress on this connection"]
      ]
      for (const [payload, description] of CASES) {
        deepStrictEqual(await s.call('xmpp.register.invite', payload), [{ type: 'modify', condition: 'client-error', description, request: payload }], description)
      }
      equal(s.client.sent.length, 0)
    })

    it('timeouts at either step, spoofed replies ignored, logout while waiting: one callback each, nothing left', async () => {
      login()
      const atDisco = s.call('xmpp.register.invite', {})
      s.client.reply(recorded(PROSODY, 'alice-disco-items-commands').toString(), { from: 'evil.example' })
      deepStrictEqual(await atDisco, [{ type: 'wait', condition: 'timeout', description: 'No reply from localhost within 200 ms' }])
      const atExecute = s.call('xmpp.register.invite', {})
      s.client.reply(recorded(PROSODY, 'alice-disco-items-commands').toString())
      deepStrictEqual(await atExecute, [{ type: 'wait', condition: 'timeout', description: 'No reply from localhost within 200 ms' }])
      const calls: unknown[][] = []
      s.socket.fromBrowser('xmpp.register.invite', {}, (...args: unknown[]) => calls.push(args))
      s.client.goOffline()
      await tick(250)
      deepStrictEqual(calls, [[{ type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' }]])
    })

    it('untrusted command replies: no uri, a bad uri, a javascript: landing page, no status', async () => {
      const command = (inner: string, status = 'completed') =>
        `<iq type='result' from='localhost'><command xmlns='http://jabber.org/protocol/commands' node='urn:xmpp:invite#invite' sessionid='s1' status='${status}'>${inner}</command></iq>`
      const form = (uri: string, url = '') => `<x xmlns='jabber:x:data' type='result'><field var='uri'><value>${uri}</value></field><field var='landing-url'><value>${url}</value></field><field var='expire'><value>soon</value></field></x>`
      const CASES: Array<[string, unknown[]]> = [
        [command(''), [{ type: 'cancel', condition: 'undefined-condition', description: 'The command completed without an invite URI' }]],
        [command(form('https://evil.example/')), [{ type: 'cancel', condition: 'undefined-condition', description: 'The command returned an invite URI that is not an xmpp: URI' }]],
        [command(form('xmpp:alice@localhost?roster;preauth=T;ibr=y', 'javascript:alert(1)')), [null, { status: 'completed', uri: 'xmpp:alice@localhost?roster;preauth=T;ibr=y', registration: true }]],
        [command('', 'maybe'), [{ type: 'cancel', condition: 'undefined-condition', description: "Command reply with an unknown status 'maybe'" }]]
      ]
      for (const [reply, expected] of CASES) {
        login()
        const answer = s.call('xmpp.register.invite', {})
        s.client.reply(recorded(PROSODY, 'alice-disco-items-commands').toString())
        s.client.reply(reply)
        deepStrictEqual(await answer, expected, reply)
      }
    })

    it('the log names the steps and the outcome, never the invite URI or its token', async () => {
      const lines: string[] = []
      const saved = createDebug.log
      createDebug.log = (...args: unknown[]) => lines.push(format(...args))
      createDebug.enable('xmpp-ftw:register')
      try {
        login()
        const answer = s.call('xmpp.register.invite', {})
        s.client.reply(recorded(PROSODY, 'alice-disco-items-commands').toString())
        s.client.reply(recorded(PROSODY, 'alice-execute-invite').toString())
        await answer
      } finally {
        createDebug.disable()
        createDebug.log = saved
      }
      const all = lines.join('\n')
      ok(/invite \S+ to localhost: commands\?/.test(all), all)
      ok(/invite \S+ reply: completed, allows sign-up/.test(all), all)
      ok(!all.includes('0NUT01x0CIT2FnWtfQaCv8hy') && !all.includes('preauth'), all)
    })
  })
}
