// CAPTCHA-protected sign-up (XEP-0158 with XEP-0231 images) through the sign-up events of
// xmpp-ftw 2.0 and 1.18, against ejabberd 23.01 with `captcha_protected: true` and STARTTLS
// required (scripts/ejabberd.sh EJABBERD_CAPTCHA=1, whose captcha_cmd wrapper records the text
// it draws and the PNG it makes): the right answer signs up; a wrong answer's error carries a
// fresh form with a new challenge and image, answered right it signs up. The image bytes are
// the wrapper's PNG; no password in any error. Each account logs in, then removes itself.
import { deepStrictEqual, equal, notEqual, ok } from 'node:assert/strict'
import { readFileSync } from 'node:fs'

import { signupStreamCount } from '../../src/signup/stream'
import type { DataForm, FormField } from '../../src/core/types'
import { HOSTS } from '../support/host'
import { Browser, uniqueUser } from './browser'
import { signupPages } from './signup-pages'
import { CAPTCHA_EJABBERD, EJABBERD } from './ejabberd'

const DOMAIN = EJABBERD.domain
const PASSWORD = 'Calliope-7'

before(function () {
  this.timeout(120000)
  CAPTCHA_EJABBERD.start()
})
after(function () {
  this.timeout(30000)
  CAPTCHA_EJABBERD.stop()
})

/** What the wrapper recorded for the last image: the text ejabberd asked for, and the PNG. */
const lastCaptcha = (): { text: string; png: Buffer } => {
  const env = CAPTCHA_EJABBERD.env()
  return { text: readFileSync(env.EJABBERD_CAPTCHA_TEXT!, 'utf8'), png: readFileSync(env.EJABBERD_CAPTCHA_PNG!) }
}

const field = (form: DataForm, name: string): FormField => {
  const found = form.fields.find((f) => f.var === name)
  if (found === undefined) throw new Error(`no field ${name} in ${JSON.stringify(form)}`)
  return found
}

/** The bytes of the ocr field's image, from its data: URI; its cid: URI beside it. */
const image = (form: DataForm): { png: Buffer; cid: string } => {
  const uri = field(form, 'ocr').media?.[0]?.uris[0]
  const prefix = 'data:image/png;base64,'
  ok(uri !== undefined && uri.uri.startsWith(prefix) && uri.type === 'image/png' && uri.cid?.startsWith('cid:') === true, JSON.stringify(uri))
  return { png: Buffer.from(uri.uri.slice(prefix.length), 'base64'), cid: uri.cid }
}

/** The form filled in as a page does: username, password, the answer; hidden fields unchanged. */
const filled = (form: DataForm, user: string, ocr: string): DataForm => ({
  ...form,
  fields: form.fields.map((f) => {
    const value = ({ username: user, password: PASSWORD, ocr } as Record<string, string>)[f.var!]
    return value === undefined ? f : { ...f, value }
  })
})

for (const { version, pkg } of HOSTS) {
  describe(`CAPTCHA sign-up on ejabberd 23.01 through xmpp-ftw ${version}`, function () {
    this.timeout(30000)
    const open = signupPages(pkg)
    const page = (): Browser => open({
      domains: { [DOMAIN]: { host: EJABBERD.host, port: CAPTCHA_EJABBERD.port, ca: CAPTCHA_EJABBERD.pem('EJABBERD_CA') } },
      timeout: 5000
    })

    /** account.get: the CAPTCHA form, with the wrapper's text and PNG for it. */
    const captchaForm = async (browser: Browser): Promise<{ form: DataForm; text: string; png: Buffer }> => {
      const [error, data] = await browser.call('xmpp.register.account.get', { domain: DOMAIN })
      equal(error, null)
      const result = data as { form: DataForm; mode: string; features: unknown; domain: string }
      deepStrictEqual([result.mode, result.domain, result.features], ['form', DOMAIN, { register: true, preauth: false }])
      return { form: result.form, ...lastCaptcha() }
    }

    /** The new account logs in over STARTTLS, then removes itself: nothing left on the server. */
    const loginAndRemove = async (browser: Browser, user: string): Promise<void> => {
      const online = await browser.loginWith({
        jid: `${user}@${DOMAIN}`, password: PASSWORD, host: 'localhost', port: CAPTCHA_EJABBERD.port,
        rejectUnauthorized: true, credentials: { ca: CAPTCHA_EJABBERD.pem('EJABBERD_CA').toString() }
      })
      equal(online, true)
      deepStrictEqual(await browser.call('xmpp.register.unregister', { to: DOMAIN }), [null, true])
    }

    it('the right answer: the image is the wrapper\'s PNG; registered; the account logs in', async () => {
      const browser = page()
      const user = uniqueUser('captcha')
      const { form, text, png } = await captchaForm(browser)
      ok(image(form).png.equals(png), 'the data: URI holds the PNG captcha_cmd produced')
      equal(field(form, 'captcha-fallback-text').type, 'fixed')
      ok(String(field(form, 'captcha-fallback-url').value).startsWith(`http://127.0.0.1:${CAPTCHA_EJABBERD.port}/captcha/`))
      deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, form: filled(form, user, text) }),
        [null, { registered: true, jid: `${user}@${DOMAIN}` }])
      equal(signupStreamCount(), 0)
      await loginAndRemove(browser, user)
    })

    it('a wrong answer: not-allowed with a fresh form (new challenge, new image, no password); answered right, registered', async () => {
      const browser = page()
      const user = uniqueUser('captcha-retry')
      const first = await captchaForm(browser)
      const [refusal, none] = await browser.call('xmpp.register.account.set', { domain: DOMAIN, form: filled(first.form, user, `${first.text}x`) })
      equal(none, undefined)
      equal(JSON.stringify(refusal).includes(PASSWORD), false, 'no password in the error')
      const error = refusal as { type: string; condition: string; description: string; form: DataForm }
      deepStrictEqual([error.type, error.condition, error.description], ['cancel', 'not-allowed', 'The CAPTCHA verification has failed'])
      const fresh = { form: error.form, ...lastCaptcha() }
      notEqual(field(fresh.form, 'challenge').value, field(first.form, 'challenge').value)
      equal(field(fresh.form, 'password').type, 'text-private', 'the fresh form, not the echo (which has no types)')
      equal(field(fresh.form, 'password').value, undefined)
      const freshImage = image(fresh.form)
      ok(freshImage.png.equals(fresh.png), 'the fresh data: URI holds the new PNG')
      ok(!freshImage.png.equals(first.png), 'a new image')
      deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, form: filled(fresh.form, user, fresh.text) }),
        [null, { registered: true, jid: `${user}@${DOMAIN}` }])
      await loginAndRemove(browser, user)
    })

    it('a form breaking its own rules (the answer left empty): client error naming the field, nothing sent, the challenge still good', async () => {
      const browser = page()
      const user = uniqueUser('captcha-empty')
      const { form, text } = await captchaForm(browser)
      const payload = { domain: DOMAIN, form: filled(form, user, '') }
      deepStrictEqual(await browser.call('xmpp.register.account.set', payload), [{
        type: 'modify', condition: 'client-error', description: "Form fields not valid: 'ocr'",
        // The echo hides the password (text-private) and nothing else.
        request: { ...payload, form: { ...payload.form, fields: payload.form.fields.map((f) => (f.var === 'password' ? { ...f, value: '(hidden)' } : f)) } },
        fields: [{ var: 'ocr', reason: 'Required' }]
      }])
      deepStrictEqual(await browser.call('xmpp.register.account.set', { domain: DOMAIN, form: filled(form, user, text) }),
        [null, { registered: true, jid: `${user}@${DOMAIN}` }])
      await loginAndRemove(browser, user)
    })
  })
}
