// The example page's sign-up, the parts without a DOM: the account.get answer as one form
// for the renderer, the filled form back as the account.set payload and the login, invite
// links in the page URL, and sign-up errors in words.
import { deepStrictEqual } from 'node:assert/strict'

import {
  accountSetRequest, describeSignupError, hasImage, inviteFromQuery, keepTyped, loginAfterSignup, signupForm,
  type AccountInfo, type FilledForm
} from '../../../examples/web/app/signup'
import type { DataForm, RegisterError } from '../../../src/core/types'
import { PROSODY_GET } from '../../integration/prosody'

/** What Prosody 0.12 answers before login (its whole reply is in test/integration/prosody.ts). */
const PROSODY_FORM: DataForm = PROSODY_GET.form!
const FEATURES = { register: true, preauth: false }
const prosody = (extra: Partial<AccountInfo> = {}): AccountInfo => ({
  domain: 'localhost', mode: 'form', features: FEATURES, username: true, password: true, form: PROSODY_FORM, ...extra
})
const legacy = (extra: Partial<AccountInfo> = {}): AccountInfo =>
  ({ domain: 'localhost', mode: 'legacy', features: FEATURES, instructions: 'Choose a name', ...extra })

describe('example page: sign-up', () => {
  describe('signupForm', () => {
    const CASES: Array<[string, AccountInfo, DataForm | undefined]> = [
      ['the server’s form as it is', prosody(), PROSODY_FORM],
      ['the invite’s username fills the form’s empty username field', prosody({ invite: { domain: 'localhost', username: 'juliet' } }), {
        ...PROSODY_FORM,
        fields: [{ ...PROSODY_FORM.fields[0]!, value: 'juliet' }, PROSODY_FORM.fields[1]!]
      }],
      ['a value the server gave is kept over the invite’s', prosody({
        invite: { domain: 'localhost', username: 'juliet' },
        form: { fields: [{ var: 'username', type: 'text-single', value: 'romeo' }] }
      }), { fields: [{ var: 'username', type: 'text-single', value: 'romeo' }] }],
      ['legacy fields as a form: password private, key hidden, in schema order, all required', legacy({ password: true, key: 'k-1', email: true, username: true }), {
        fields: [
          { var: 'username', type: 'text-single', label: 'Username', required: true },
          { var: 'password', type: 'text-private', label: 'Password', required: true },
          { var: 'email', type: 'text-single', label: 'Email', required: true },
          { var: 'key', type: 'hidden', value: 'k-1' }
        ]
      }],
      ['legacy: the invite’s username, and a value the server gave', legacy({ username: true, nick: 'Jule', invite: { domain: 'localhost', username: 'juliet' } }), {
        fields: [
          { var: 'username', type: 'text-single', label: 'Username', required: true, value: 'juliet' },
          { var: 'nick', type: 'text-single', label: 'Nickname', required: true, value: 'Jule' }
        ]
      }],
      ['redirect: no form, only instructions and a link', { domain: 'localhost', mode: 'redirect', features: FEATURES, oob: { url: 'https://example.org/signup' } }, undefined]
    ]
    for (const [title, info, expected] of CASES) {
      it(title, () => deepStrictEqual(signupForm(info), expected))
    }
  })

  describe('accountSetRequest and loginAfterSignup', () => {
    const FORM_FILLED: FilledForm = {
      formType: 'jabber:iq:register',
      fields: [{ var: 'username', type: 'text-single', value: 'juliet' }, { var: 'password', type: 'text-private', value: 'pw-1' }]
    }
    const LEGACY_FILLED: FilledForm = {
      fields: [
        { var: 'username', type: 'text-single', value: 'juliet' },
        { var: 'password', type: 'text-private', value: 'pw-1' },
        { var: 'key', type: 'hidden', value: 'k-1' }
      ]
    }
    it('form mode: the filled form goes back whole, with its FORM_TYPE', () => {
      deepStrictEqual(accountSetRequest(prosody(), FORM_FILLED), { domain: 'localhost', form: FORM_FILLED })
    })
    it('legacy mode: the fields become the legacy keys, the key included', () => {
      deepStrictEqual(accountSetRequest(legacy(), LEGACY_FILLED), { domain: 'localhost', username: 'juliet', password: 'pw-1', key: 'k-1' })
    })
    const LOGINS: Array<[string, { registered: true; jid?: string }, FilledForm, unknown]> = [
      ['the new JID’s local part and the password field', { registered: true, jid: 'juliet@localhost' }, FORM_FILLED, { username: 'juliet', password: 'pw-1' }],
      ['the username field when the result has no JID', { registered: true }, LEGACY_FILLED, { username: 'juliet', password: 'pw-1' }],
      ['no password field: no login', { registered: true, jid: 'juliet@localhost' }, { fields: [{ var: 'username', value: 'juliet' }] }, undefined],
      ['an empty password: no login', { registered: true, jid: 'juliet@localhost' }, { fields: [{ var: 'password', value: '' }] }, undefined],
      ['a multi-valued field counts by its first value', { registered: true }, { fields: [{ var: 'username', value: ['juliet'] }, { var: 'password', value: ['pw-1'] }] }, { username: 'juliet', password: 'pw-1' }]
    ]
    for (const [title, created, filled, expected] of LOGINS) {
      it(`login after sign-up: ${title}`, () => deepStrictEqual(loginAfterSignup(created, filled), expected))
    }
  })

  describe('inviteFromQuery', () => {
    const URI = 'xmpp:localhost?register;preauth=abc123'
    const CASES: Array<[string, string | undefined]> = [
      [`?invite=${encodeURIComponent(URI)}`, URI],
      [`?invite=${URI}`, URI],
      [`?lang=en&invite=${encodeURIComponent(` ${URI} `)}`, URI],
      ['?invite=', undefined],
      ['?other=1', undefined],
      ['', undefined]
    ]
    for (const [search, expected] of CASES) {
      it(`${JSON.stringify(search)} → ${String(expected)}`, () => deepStrictEqual(inviteFromQuery(search), expected))
    }
  })

  describe('describeSignupError', () => {
    const stanza = (type: string, condition: string, description?: string): RegisterError =>
      description === undefined ? { type, condition } : { type, condition, description }
    const CASES: Array<[RegisterError, boolean, string]> = [
      [stanza('modify', 'not-acceptable', 'Registration on this server is through invitation only'), false,
        'This server needs an invite to create an account: paste your invite link above (Registration on this server is through invitation only).'],
      [stanza('modify', 'not-acceptable'), true, 'The server did not accept this sign-up (some information is missing or not acceptable).'],
      [stanza('cancel', 'forbidden', 'The invite token is invalid or expired'), true, 'This invite is not valid or was already used (The invite token is invalid or expired).'],
      [stanza('cancel', 'conflict', 'The requested username already exists.'), false, 'That username is already taken: choose another (The requested username already exists).'],
      [{ type: 'cancel', condition: 'tls-failure', description: 'TLS with the server of localhost failed: unable to verify the first certificate' }, false,
        'No secure connection to the server could be made (TLS with the server of localhost failed: unable to verify the first certificate).'],
      [{ type: 'wait', condition: 'resource-constraint', description: 'Too many sign-ups at once (1); try again later' }, false,
        'Too many sign-ups at the moment: try again in a minute (Too many sign-ups at once (1); try again later).'],
      [{ type: 'cancel', condition: 'feature-not-implemented', description: 'No in-band registration' }, false,
        'This server does not offer creating an account from a web page (No in-band registration).'],
      [{ type: 'wait', condition: 'timeout', description: 'No reply' }, false, 'The server did not answer in time (No reply).'],
      [{ type: 'connection', condition: 'disconnected', description: 'The sign-up stream was idle for 200 ms' }, false,
        'The sign-up was interrupted (idle too long, or the server closed it): start again (The sign-up stream was idle for 200 ms).'],
      [{ type: 'modify', condition: 'client-error', description: "'invite' key must be an xmpp: URI", request: {} }, true,
        "The page sent a request the web server does not accept ('invite' key must be an xmpp: URI)."],
      [stanza('cancel', 'undefined-condition'), false, 'The server refused without saying why.'],
      [stanza('cancel', 'gone-fishing', '{"x":1}'), false, 'Something went wrong: try again later.'],
      [{ type: 'connection', condition: 'disconnected', description: 'Could not connect to the server of localhost (connect ECONNREFUSED 127.0.0.1:1)' }, false,
        'The XMPP server cannot be reached at the moment: try again later.'],
      // Issue 16: the web server's own limits (retryAfter) in words with the time to wait; a server's policy-violation as before.
      [{ type: 'wait', condition: 'policy-violation', description: 'Too many accounts were created from your network; try again in 687 s', retryAfter: 687 } as RegisterError, false,
        'Too many sign-ups from your network; try again in 12 minutes.'],
      [{ type: 'wait', condition: 'policy-violation', description: 'Too many sign-up requests from your network; try again in 1 s', retryAfter: 1 } as RegisterError, false,
        'Too many sign-ups from your network; try again in 1 second.'],
      [{ type: 'wait', condition: 'policy-violation', description: 'Too many sign-ups are open from your network; try again in 45 s', retryAfter: 45 } as RegisterError, false,
        'Too many sign-ups from your network; try again in 45 seconds.'],
      [{ type: 'wait', condition: 'policy-violation', description: 'Too many accounts were created on this service; try again in 3601 s', retryAfter: 3601 } as RegisterError, false,
        'Too many sign-ups on this service right now; try again in 2 hours.'],
      [stanza('wait', 'policy-violation', 'Too many registrations from this IP address recently'), false,
        'The server refused the sign-up (too many, or not from here) (Too many registrations from this IP address recently).']
    ]
    for (const [error, invited, expected] of CASES) {
      it(`${error.condition}${invited ? ' (with an invite)' : ''}`, () => deepStrictEqual(describeSignupError(error, { invited }), expected))
    }
    // A refused CAPTCHA answer whose error carries a fresh form with a new image.
    const NEW_IMAGE: Array<[RegisterError, boolean, string]> = [
      [stanza('cancel', 'not-allowed', 'The CAPTCHA verification has failed'), true, 'The answer was wrong — here is a new image (The CAPTCHA verification has failed).'],
      [stanza('cancel', 'not-allowed', 'The CAPTCHA verification has failed'), false, 'This server does not allow creating accounts here (The CAPTCHA verification has failed).'],
      [stanza('modify', 'not-acceptable'), true, 'The answer was wrong — here is a new image.'],
      [stanza('cancel', 'service-unavailable'), true, 'The image expired — here is a new one.'],
      [stanza('cancel', 'conflict', 'The requested username already exists.'), true, 'That username is already taken: choose another (The requested username already exists).']
    ]
    for (const [error, newImage, expected] of NEW_IMAGE) {
      it(`${error.condition}${newImage ? ' with a new image' : ' without a new image'}`, () =>
        deepStrictEqual(describeSignupError(error, { invited: false, newImage }), expected))
    }
  })

  describe('CAPTCHA forms: hasImage and keepTyped', () => {
    const PNG = 'data:image/png;base64,iVBORw0KGgo='
    /** ejabberd 23.01's CAPTCHA form (README "CAPTCHA at sign-up"), challenge `n`. */
    const captcha = (n: string): DataForm => ({
      formType: 'jabber:iq:register',
      fields: [
        { var: 'username', type: 'text-single', label: 'User', required: true },
        { var: 'password', type: 'text-private', label: 'Password', required: true },
        { var: 'captcha-fallback-text', type: 'fixed', value: "If you don't see the CAPTCHA image here, visit the web page." },
        { var: 'captcha-fallback-url', type: 'text-single', label: 'CAPTCHA web page', value: `http://localhost:5280/captcha/${n}/image` },
        { var: 'challenge', type: 'hidden', required: true, value: n },
        { var: 'ocr', type: 'text-single', label: 'Enter the text you see', required: true, media: [{ uris: [{ uri: `${PNG}${n}`, cid: `cid:sha1+${n}@bob.xmpp.org`, type: 'image/png' }] }] }
      ]
    })
    const HAS_IMAGE: Array<[string, DataForm, boolean]> = [
      ['a CAPTCHA form with its data: image', captcha('1'), true],
      ['the image not fetched (only its cid:)', { fields: [{ var: 'ocr', media: [{ uris: [{ uri: 'cid:sha1+1@bob.xmpp.org', type: 'image/png' }] }] }] }, false],
      ['an https image', { fields: [{ var: 'ocr', media: [{ uris: [{ uri: 'https://example.org/c.png', type: 'image/png' }] }] }] }, false],
      ['a form without media', PROSODY_FORM, false]
    ]
    for (const [title, form, expected] of HAS_IMAGE) it(`hasImage: ${title}`, () => deepStrictEqual(hasImage(form), expected))

    it('keepTyped: the fresh form keeps username and password, not the answer, hidden fields or the fallback URL', () => {
      const typed: FilledForm = {
        formType: 'jabber:iq:register',
        fields: [
          { var: 'username', type: 'text-single', value: 'bill' },
          { var: 'password', type: 'text-private', value: 'Calliope' },
          { var: 'captcha-fallback-url', type: 'text-single', value: 'http://localhost:5280/captcha/1/image' },
          { var: 'challenge', type: 'hidden', value: '1' },
          { var: 'ocr', type: 'text-single', value: 'wrong' }
        ]
      }
      const fresh = captcha('2')
      deepStrictEqual(keepTyped(fresh, typed), {
        ...fresh,
        fields: [{ ...fresh.fields[0]!, value: 'bill' }, { ...fresh.fields[1]!, value: 'Calliope' }, ...fresh.fields.slice(2)]
      })
    })

    it('keepTyped: empty values, and fields the user did not fill, leave the fresh form as it is', () => {
      const fresh: DataForm = { fields: [
        { var: 'username', type: 'text-single', value: 'suggested' },
        { var: 'langs', type: 'list-multi', value: ['en'] },
        { var: 'agree', type: 'boolean' },
        { var: 'bio', type: 'text-multi' }
      ] }
      const typed: FilledForm = { fields: [{ var: 'username', value: '' }, { var: 'langs', value: [] }, { var: 'agree', value: false }, { var: 'bio', value: ['a', 'b'] }] }
      deepStrictEqual(keepTyped(fresh, typed), { fields: [
        { var: 'username', type: 'text-single', value: 'suggested' },
        { var: 'langs', type: 'list-multi', value: ['en'] },
        { var: 'agree', type: 'boolean', value: false },
        { var: 'bio', type: 'text-multi', value: ['a', 'b'] }
      ] })
    })
  })
})
