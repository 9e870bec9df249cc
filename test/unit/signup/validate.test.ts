// Sign-up socket payloads → checked commands, or the client error naming the key.
import { deepStrictEqual } from 'node:assert/strict'

import { resolveSignupConfig } from '../../../src/signup/config'
import { INVITE_MESSAGES } from '../../../src/signup/invite'
import { checkAccountGet, checkAccountSet, SIGNUP_MESSAGES, type SignupChecked } from '../../../src/signup/validate'
import { invalidFormMessage, REASONS } from '../../../src/forms/form-rules'
import { MESSAGES } from '../../../src/xep0077/request-text'

const config = resolveSignupConfig({ domains: { 'example.org': { host: 'xmpp.example.org' }, localhost: { host: '127.0.0.1', tls: 'optional' } } })

const refused = (message: string): SignupChecked<never> => ({ ok: false, message })

const GET: Array<{ name: string; data: unknown; expected: ReturnType<typeof checkAccountGet> }> = [
  { name: 'a domain', data: { domain: 'example.org' }, expected: { ok: true, command: { domain: 'example.org' } } },
  { name: 'a domain in another case, with a token', data: { domain: 'Example.ORG', token: 'T0k-en' }, expected: { ok: true, command: { domain: 'example.org', token: 'T0k-en' } } },
  { name: 'an empty token is none', data: { domain: 'example.org', token: '' }, expected: { ok: true, command: { domain: 'example.org' } } },
  {
    name: 'an invite with a username',
    data: { invite: 'xmpp:juliet@example.org?register;preauth=TOKEN' },
    expected: { ok: true, command: { domain: 'example.org', token: 'TOKEN', invite: { domain: 'example.org', username: 'juliet' } } }
  },
  {
    name: 'a roster invite with ibr=y, and the same domain',
    data: { invite: 'xmpp:romeo@example.org?roster;preauth=TOKEN;ibr=y', domain: 'example.org' },
    expected: { ok: true, command: { domain: 'example.org', token: 'TOKEN', invite: { domain: 'example.org', contact: 'romeo@example.org' } } }
  },
  { name: 'not an object', data: 'example.org', expected: refused(SIGNUP_MESSAGES.notAnObject) },
  { name: 'null', data: null, expected: refused(SIGNUP_MESSAGES.notAnObject) },
  { name: 'no domain', data: {}, expected: refused(MESSAGES.missingKey('domain')) },
  { name: 'a number as domain', data: { domain: 5 }, expected: refused(MESSAGES.notString('domain')) },
  { name: 'a domain not configured', data: { domain: 'example.com' }, expected: refused(SIGNUP_MESSAGES.notConfigured) },
  { name: 'a JID as domain', data: { domain: 'a@example.org' }, expected: refused(SIGNUP_MESSAGES.notConfigured) },
  { name: 'a token with a quote', data: { domain: 'example.org', token: "a'b" }, expected: refused(SIGNUP_MESSAGES.badToken) },
  { name: 'a token that is a number', data: { domain: 'example.org', token: 7 }, expected: refused(SIGNUP_MESSAGES.badToken) },
  { name: 'a bad invite', data: { invite: 'https://example.org/invite/#TOKEN' }, expected: refused(INVITE_MESSAGES.notXmppUri) },
  { name: 'an invite for a domain not configured', data: { invite: 'xmpp:example.com?register;preauth=TOKEN' }, expected: refused(SIGNUP_MESSAGES.notConfigured) },
  { name: 'an invite and another domain', data: { invite: 'xmpp:example.org?register;preauth=TOKEN', domain: 'localhost' }, expected: refused(SIGNUP_MESSAGES.domainNotInvite) },
  { name: 'an invite and a token', data: { invite: 'xmpp:example.org?register;preauth=TOKEN', token: 'X' }, expected: refused(SIGNUP_MESSAGES.tokenAndInvite) }
]

const SET: Array<{ name: string; data: unknown; expected: ReturnType<typeof checkAccountSet> }> = [
  {
    name: 'legacy fields',
    data: { domain: 'localhost', username: 'juliet', password: 'R0m30', email: 'j@c.com' },
    expected: { ok: true, command: { domain: 'localhost', registration: { fields: [{ name: 'username', value: 'juliet' }, { name: 'password', value: 'R0m30' }, { name: 'email', value: 'j@c.com' }] } } }
  },
  {
    name: 'a form and a token',
    data: { domain: 'localhost', token: 'TOKEN', form: [{ var: 'username', value: 'juliet' }] },
    expected: {
      ok: true,
      command: { domain: 'localhost', token: 'TOKEN', registration: { fields: [], form: { formType: 'jabber:iq:register', fields: [{ var: 'username', values: ['juliet'] }] } } }
    }
  },
  { name: 'not an object', data: [], expected: refused(SIGNUP_MESSAGES.notAnObject) },
  { name: 'no domain', data: { username: 'juliet' }, expected: refused(MESSAGES.missingKey('domain')) },
  { name: 'a domain not configured', data: { domain: 'example.com', username: 'juliet' }, expected: refused(SIGNUP_MESSAGES.notConfigured) },
  { name: 'a bad token', data: { domain: 'localhost', token: 'a b' }, expected: refused(SIGNUP_MESSAGES.badToken) },
  { name: 'a bad field', data: { domain: 'localhost', username: { x: 1 } }, expected: refused(MESSAGES.notString('username')) },
  { name: 'a bad form', data: { domain: 'localhost', form: 'x' }, expected: refused(MESSAGES.badForm) },
  {
    // XEP-0122: the form object from get is checked against its rules; every offender named.
    name: 'a form object breaking its rules (required, xs:integer range)',
    data: {
      domain: 'localhost',
      form: {
        formType: 'jabber:iq:register',
        fields: [
          { var: 'username', type: 'text-single', required: true, value: '' },
          { var: 'age', type: 'text-single', value: '7', validate: { datatype: 'xs:integer', method: 'range', min: '18', max: '99' } },
          { var: 'ocr', type: 'text-single', value: 'x7Qp2' }
        ]
      }
    },
    expected: {
      ok: false,
      message: invalidFormMessage([{ var: 'username', reason: REASONS.required }, { var: 'age', reason: REASONS.belowMin('18') }]),
      fields: [{ var: 'username', reason: REASONS.required }, { var: 'age', reason: REASONS.belowMin('18') }]
    }
  }
]

describe('sign-up requests', () => {
  for (const { name, data, expected } of GET) it(`account.get: ${name}`, () => deepStrictEqual(checkAccountGet(data, config), expected))
  for (const { name, data, expected } of SET) it(`account.set: ${name}`, () => deepStrictEqual(checkAccountSet(data, config), expected))
})
