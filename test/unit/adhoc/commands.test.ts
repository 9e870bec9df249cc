// XEP-0050 wire functions against the XEP-0050 and XEP-0401 numbered examples (verbatim) and
// replies recorded from Prosody 0.12 and ejabberd 23.01.
import { deepEqual, equal } from 'node:assert/strict'

import {
  buildCancel,
  buildCommandsDiscoItems,
  buildExecute,
  NODE_CREATE_ACCOUNT,
  NODE_INVITE,
  parseCommandItems,
  parseCommandReply
} from '../../../src/adhoc/commands'
import { canonical, example, recorded, xml } from '../../support/fixtures'

const ex50 = (n: number) => example('0050', n)
const ex401 = (n: number) => example('0401', n)
const PROSODY = 'prosody-0.12-user-invites'

describe('XEP-0050 commands: requests', () => {
  it('disco#items of the commands node: XEP-0401 Ex 1 and XEP-0050 Ex 3', () => {
    equal(canonical(buildCommandsDiscoItems('disco', 'example.com')), canonical(ex401(1), ['from']))
    equal(canonical(buildCommandsDiscoItems('x', 'responder@domain'), ['id']), canonical(ex50(3), ['from']))
  })

  it('execute: XEP-0050 Ex 8 and Ex 10, XEP-0401 Ex 3 and Ex 5', () => {
    equal(canonical(buildExecute('exec1', { to: 'responder@domain', node: 'list' })), canonical(ex50(8)))
    equal(canonical(buildExecute('exec1', { to: 'responder@domain', node: 'config' })), canonical(ex50(10)))
    equal(canonical(buildExecute('exec1', { to: 'example.com', node: NODE_INVITE })), canonical(ex401(3), ['from']))
    equal(canonical(buildExecute('exec1', { to: 'example.com', node: NODE_CREATE_ACCOUNT })), canonical(ex401(5), ['from']))
  })

  it('next stage with a form and no action: XEP-0050 Ex 12 and Ex 14, XEP-0401 Ex 7 (no FORM_TYPE sent)', () => {
    const sessionid = 'config:20020923T213616Z-700'
    const stage2 = buildExecute('exec2', { to: 'responder@domain', node: 'config', sessionid, form: { fields: [{ var: 'service', values: ['httpd'] }] } })
    equal(canonical(stage2, [], true), canonical(ex50(12), [], true))
    const stage3 = buildExecute('exec3', {
      to: 'responder@domain', node: 'config', sessionid,
      form: { fields: [{ var: 'runlevel', values: ['3'] }, { var: 'state', values: ['on'] }] }
    })
    equal(canonical(stage3, [], true), canonical(ex50(14), [], true))
    const account = buildExecute('exec2', { to: 'example.com', node: NODE_CREATE_ACCOUNT, sessionid, form: { fields: [{ var: 'username', values: ['juliet'] }] } })
    equal(canonical(account, [], true), canonical(ex401(7), ['from'], true))
  })

  it('a form that had a FORM_TYPE sends it back first', () => {
    const iq = buildExecute('m', { to: 'localhost', node: 'n', sessionid: 's', action: 'complete', form: { formType: 'http://jabber.org/protocol/admin', fields: [{ var: 'accountjid', type: 'jid-single', values: ['carl@localhost'] }] } })
    equal(iq.toString(), '<iq type="set" to="localhost" id="m"><command xmlns="http://jabber.org/protocol/commands" sessionid="s" node="n" action="complete"><x xmlns="jabber:x:data" type="submit"><field type="hidden" var="FORM_TYPE"><value>http://jabber.org/protocol/admin</value></field><field type="jid-single" var="accountjid"><value>carl@localhost</value></field></x></command></iq>')
  })

  it('prev: XEP-0050 Ex 16; cancel: Ex 18', () => {
    equal(canonical(buildExecute('exec2', { to: 'responder@domain', node: 'config', sessionid: 'config:20020923T213616Z-700', action: 'prev' })), canonical(ex50(16)))
    equal(canonical(buildCancel('exec3', { to: 'responder@domain', node: 'config', sessionid: 'config:20020923T213616Z-700' })), canonical(ex50(18)))
  })
})

describe('XEP-0050 commands: the command list', () => {
  it('XEP-0050 Ex 4: six commands', () => {
    const parsed = parseCommandItems(ex50(4))
    if (!('data' in parsed)) throw new Error('error')
    deepEqual(parsed.data.map((i) => i.node), ['list', 'config', 'reset', 'start', 'stop', 'restart'])
    deepEqual(parsed.data[0], { jid: 'responder@domain', node: 'list', name: 'List Service Configurations' })
  })

  it('XEP-0401 Ex 2: both invite commands', () => {
    deepEqual(parseCommandItems(ex401(2)), {
      data: [
        { jid: 'example.com', node: NODE_INVITE, name: 'Invite user' },
        { jid: 'example.com', node: NODE_CREATE_ACCOUNT, name: 'Create account' }
      ]
    })
  })

  it('Prosody 0.12: a user sees only the contact invite; an admin both, among its admin commands', () => {
    deepEqual(parseCommandItems(recorded(PROSODY, 'alice-disco-items-commands')), {
      data: [{ jid: 'localhost', node: NODE_INVITE, name: 'Create new contact invite' }]
    })
    const admin = parseCommandItems(recorded(PROSODY, 'admin-disco-items-commands'))
    if (!('data' in admin)) throw new Error('error')
    equal(admin.data.length, 21)
    deepEqual(admin.data.filter((i) => i.node.startsWith('urn:xmpp:invite#')).map((i) => i.node), [NODE_CREATE_ACCOUNT, NODE_INVITE])
  })

  it('no ad-hoc commands: Prosody and ejabberd answer item-not-found', () => {
    deepEqual(parseCommandItems(recorded('prosody-0.12-no-adhoc', 'alice-disco-items-commands')), {
      error: { type: 'cancel', condition: 'item-not-found', description: 'Node does not exist' }
    })
    deepEqual(parseCommandItems(recorded('ejabberd-23.01-no-adhoc', 'alice-disco-items-commands')), {
      error: { type: 'cancel', condition: 'item-not-found', description: 'No services available' }
    })
  })

  it('ejabberd 23.01 with mod_adhoc: only its ping command, no invites', () => {
    deepEqual(parseCommandItems(recorded('ejabberd-23.01-adhoc', 'alice-disco-items-commands')), { data: [{ jid: 'localhost', node: 'ping', name: 'Ping' }] })
  })

  it('items without jid or node are left out; a reply without the query is an error', () => {
    deepEqual(parseCommandItems(xml("<iq type='result'><query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'><item node='a'/><item jid='x'/><item jid='x' node=''/><foo/>text</query></iq>")), { data: [] })
    equal('error' in parseCommandItems(xml("<iq type='result'/>")), true)
  })
})

describe('XEP-0050 commands: replies', () => {
  it('XEP-0050 Ex 9: completed at once with a result form (reported and items)', () => {
    const parsed = parseCommandReply(ex50(9))
    if (!('data' in parsed)) throw new Error('error')
    equal(parsed.data.status, 'completed')
    equal(parsed.data.sessionid, 'list:20020923T213616Z-700')
    equal(parsed.data.node, 'list')
    equal(parsed.data.actions, undefined)
    equal(parsed.data.form?.title, 'Available Services')
    equal(parsed.data.form?.reported?.length, 5)
    equal(parsed.data.form?.items?.length, 3)
  })

  it('XEP-0050 Ex 11: executing, next only, default next, a form', () => {
    const parsed = parseCommandReply(ex50(11))
    deepEqual(parsed, {
      data: {
        node: 'config',
        status: 'executing',
        sessionid: 'config:20020923T213616Z-700',
        actions: ['next'],
        execute: 'next',
        form: {
          fields: [{ var: 'service', type: 'list-single', label: 'Service', options: [{ value: 'httpd' }, { value: 'jabberd' }, { value: 'postgresql' }] }],
          title: 'Configure Service',
          instructions: '\n        Please select the service to configure.\n      '
        }
      }
    })
  })

  it('XEP-0050 Ex 13: prev and complete, default complete', () => {
    const parsed = parseCommandReply(ex50(13))
    if (!('data' in parsed)) throw new Error('error')
    deepEqual(parsed.data.actions, ['prev', 'complete'])
    equal(parsed.data.execute, 'complete')
    deepEqual(parsed.data.form?.fields.map((f) => [f.var, f.value]), [['runlevel', ['3', '5']], ['state', 'off']])
  })

  it('XEP-0050 Ex 15: completed with an info note, no form', () => {
    deepEqual(parseCommandReply(ex50(15)), {
      data: { node: 'config', status: 'completed', sessionid: 'config:20020923T213616Z-700', notes: [{ type: 'info', text: "Service 'httpd' has been configured." }] }
    })
  })

  it('XEP-0050 Ex 19: canceled', () => {
    deepEqual(parseCommandReply(ex50(19)), { data: { node: 'config', status: 'canceled', sessionid: 'config:20020923T213616Z-700' } })
  })

  it('XEP-0050 Ex 23: the error, with the commands condition as application', () => {
    deepEqual(parseCommandReply(ex50(23)), {
      error: { type: 'modify', condition: 'bad-request', application: { condition: 'bad-locale', xmlns: 'http://jabber.org/protocol/commands' } }
    })
  })

  it('XEP-0401 Ex 6: executing, complete only (the default), a form without FORM_TYPE', () => {
    deepEqual(parseCommandReply(ex401(6)), {
      data: {
        node: NODE_CREATE_ACCOUNT,
        status: 'executing',
        sessionid: 'config:20020923T213616Z-700',
        actions: ['complete'],
        execute: 'complete',
        form: { fields: [{ var: 'username', type: 'text-single', label: 'Username' }, { var: 'roster-subscription', type: 'boolean', label: 'Roster subscription' }] }
      }
    })
  })

  it('no <actions/> while executing: complete only (§3.4); an unknown status is an error', () => {
    const parsed = parseCommandReply(xml("<iq type='result'><command xmlns='http://jabber.org/protocol/commands' node='n' sessionid='s' status='executing'/></iq>"))
    deepEqual(parsed, { data: { node: 'n', status: 'executing', sessionid: 's', actions: ['complete'], execute: 'complete' } })
    equal('error' in parseCommandReply(xml("<iq type='result'><command xmlns='http://jabber.org/protocol/commands' node='n' status='done'/></iq>")), true)
    equal('error' in parseCommandReply(xml("<iq type='result'/>")), true)
  })

  it('Prosody 0.12: the contact invite completes at once with a form of type form', () => {
    const parsed = parseCommandReply(recorded(PROSODY, 'alice-execute-invite'))
    if (!('data' in parsed)) throw new Error('error')
    equal(parsed.data.status, 'completed')
    equal(parsed.data.sessionid, '48805d5f-fd31-4b33-a29d-6c14a943513d')
    deepEqual(parsed.data.form, {
      title: 'Your invite has been created',
      fields: [
        { var: 'landing-url', type: 'text-single', label: 'Invite web page', description: 'Share this link' },
        { var: 'uri', type: 'text-single', label: 'Invite URI', description: 'This alternative link can be opened with some XMPP clients', value: 'xmpp:alice@localhost?roster;preauth=0NUT01x0CIT2FnWtfQaCv8hy;ibr=y' },
        { var: 'expire', type: 'text-single', label: 'Invite valid until', value: '2026-12-13T07:39:29Z' }
      ]
    })
  })

  it('Prosody 0.12: create-account as a user is forbidden, with a canceled command and an error note', () => {
    deepEqual(parseCommandReply(recorded(PROSODY, 'alice-execute-create-account')), {
      error: { type: 'auth', condition: 'forbidden', description: "You don't have permission to execute this command" }
    })
  })

  it('Prosody 0.12: a multi-stage admin command: executing, canceled, completed with an error note', () => {
    deepEqual(parseCommandReply(recorded(PROSODY, 'admin-add-user-stage1')), {
      data: {
        node: 'http://jabber.org/protocol/admin#add-user',
        status: 'executing',
        sessionid: 'f934f1cb-0dc6-4126-8700-51cb238c58c5',
        actions: ['next', 'complete'],
        execute: 'complete',
        form: {
          formType: 'http://jabber.org/protocol/admin',
          title: 'Adding a User',
          instructions: 'Fill out this form to add a user.',
          fields: [
            { var: 'accountjid', type: 'jid-single', label: 'The Jabber ID for the account to be added', required: true },
            { var: 'password', type: 'text-private', label: 'The password for this account' },
            { var: 'password-verify', type: 'text-private', label: 'Retype password' }
          ]
        }
      }
    })
    deepEqual(parseCommandReply(recorded(PROSODY, 'admin-add-user-cancel')), {
      data: { node: 'http://jabber.org/protocol/admin#add-user', status: 'canceled', sessionid: 'f934f1cb-0dc6-4126-8700-51cb238c58c5' }
    })
    deepEqual(parseCommandReply(recorded(PROSODY, 'admin-add-user-bad-submit')), {
      data: { node: 'http://jabber.org/protocol/admin#add-user', status: 'completed', sessionid: '1b418c45-3906-4cba-a6c6-6e60e3c9574e', notes: [{ type: 'error', text: 'Invalid data.\nPassword mismatch, or empty username' }] }
    })
  })

  it('unknown commands: Prosody service-unavailable, ejabberd item-not-found (with mod_adhoc) or service-unavailable', () => {
    deepEqual(parseCommandReply(recorded(PROSODY, 'alice-execute-unknown-node')), { error: { type: 'cancel', condition: 'service-unavailable' } })
    deepEqual(parseCommandReply(recorded('ejabberd-23.01-adhoc', 'alice-execute-invite')), { error: { type: 'cancel', condition: 'item-not-found', description: 'No hook has processed this command' } })
    deepEqual(parseCommandReply(recorded('ejabberd-23.01-no-adhoc', 'alice-execute-invite')), { error: { type: 'cancel', condition: 'service-unavailable', description: 'No module is handling this query' } })
  })
})
