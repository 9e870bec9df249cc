// XEP-0401 invite results: the XEP's Ex 4, 6 and 8 and Prosody 0.12's recorded replies.
import { deepEqual } from 'node:assert/strict'

import { parseCommandReply, type CommandReply } from '../../../src/adhoc/commands'
import { inviteStep, parseInviteResult } from '../../../src/adhoc/invite-result'
import type { DataForm } from '../../../src/core/types'
import { example, recorded, xml } from '../../support/fixtures'

const reply = (el: ReturnType<typeof xml>): CommandReply => {
  const parsed = parseCommandReply(el)
  if (!('data' in parsed)) throw new Error(`error reply: ${JSON.stringify(parsed.error)}`)
  return parsed.data
}
const step = (el: ReturnType<typeof xml>) => inviteStep(reply(el))

describe('XEP-0401 invite results', () => {
  it('Ex 4: a contact invite that allows sign-up', () => {
    deepEqual(step(example('0401', 4)), {
      data: { status: 'completed', uri: 'xmpp:inviter@example.com?roster;preauth=TOKEN;ibr=y', url: 'https://example.com/invite/#TOKEN', expires: '2017-11-06T02:56:15Z', registration: true }
    })
  })

  it('Ex 8: an account invite for a chosen username', () => {
    deepEqual(step(example('0401', 8)), {
      data: { status: 'completed', uri: 'xmpp:juliet@example.com?register;preauth=TOKEN', url: 'https://example.com/invite/#TOKEN', expires: '2017-11-06T02:56:15Z', registration: true }
    })
  })

  it('Ex 6: the account creation form goes to the page with its session id', () => {
    deepEqual(step(example('0401', 6)), {
      data: {
        status: 'executing',
        node: 'urn:xmpp:invite#create-account',
        sessionid: 'config:20020923T213616Z-700',
        actions: ['complete'],
        execute: 'complete',
        form: { fields: [{ var: 'username', type: 'text-single', label: 'Username' }, { var: 'roster-subscription', type: 'boolean', label: 'Roster subscription' }] }
      }
    })
  })

  it('Prosody 0.12, allow_user_invites = true: ibr=y, no landing page', () => {
    deepEqual(step(recorded('prosody-0.12-user-invites', 'alice-execute-invite')), {
      data: { status: 'completed', uri: 'xmpp:alice@localhost?roster;preauth=0NUT01x0CIT2FnWtfQaCv8hy;ibr=y', expires: '2026-12-13T07:39:29Z', registration: true }
    })
  })

  it('Prosody 0.12, allow_user_invites = false: a contact invite only', () => {
    deepEqual(step(recorded('prosody-0.12-no-user-invites', 'alice-execute-invite')), {
      data: { status: 'completed', uri: 'xmpp:alice@localhost?roster;preauth=VocwOZuG0k1iAj1FvPfEltxD', expires: '2026-12-13T07:39:41Z', registration: false }
    })
  })

  it('Prosody 0.12, an admin: an account invite', () => {
    deepEqual(step(recorded('prosody-0.12-user-invites', 'admin-execute-create-account')), {
      data: { status: 'completed', uri: 'xmpp:localhost?register;preauth=yXWl8RkZiwoc2awt4uAbeoUm', expires: '2026-12-13T07:39:29Z', registration: true }
    })
  })

  it('Prosody 0.12: completed with an error note and no form is an error naming the note', () => {
    deepEqual(step(recorded('prosody-0.12-user-invites', 'admin-add-user-bad-submit')), {
      error: { type: 'cancel', condition: 'undefined-condition', description: 'Invalid data.\nPassword mismatch, or empty username' }
    })
  })

  it('canceled', () => {
    deepEqual(step(recorded('prosody-0.12-user-invites', 'admin-add-user-cancel')), { data: { status: 'canceled', sessionid: 'f934f1cb-0dc6-4126-8700-51cb238c58c5' } })
  })

  it('an untrusted form: no xmpp: URI is an error; a javascript: landing page and a bad date are left out', () => {
    const form = (uri: string, url: string, expire: string): DataForm => ({
      fields: [{ var: 'uri', value: uri }, { var: 'landing-url', value: url }, { var: 'expire', value: expire }]
    })
    deepEqual(parseInviteResult(form('https://evil.example/', 'https://x.example/', '2026-01-01T00:00:00Z')), {
      error: { type: 'cancel', condition: 'undefined-condition', description: 'The command returned an invite URI that is not an xmpp: URI' }
    })
    deepEqual(parseInviteResult(form('xmpp:localhost?message', 'https://x.example/', '')), {
      error: { type: 'cancel', condition: 'undefined-condition', description: 'The command returned an invite URI that is not an invite' }
    })
    deepEqual(parseInviteResult(form(' xmpp:localhost?register;preauth=T ', 'javascript:alert(1)', 'next week')), {
      data: { uri: 'xmpp:localhost?register;preauth=T', registration: true }
    })
    deepEqual(parseInviteResult(undefined), { error: { type: 'cancel', condition: 'undefined-condition', description: 'The command completed without an invite URI' } })
  })

  it('executing without a session id is an error (XEP-0050 §3.3: it must be kept)', () => {
    deepEqual(step(xml("<iq type='result'><command xmlns='http://jabber.org/protocol/commands' node='urn:xmpp:invite#invite' status='executing'/></iq>")), {
      error: { type: 'cancel', condition: 'undefined-condition', description: 'The command asks for more but gave no session id (XEP-0050 §3.3)' }
    })
  })
})
