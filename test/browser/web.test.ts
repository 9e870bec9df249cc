/// <reference lib="dom" />
// The example page in headless Chromium (Debian's, driven by playwright-core) against the
// example server and the project's Prosody with STARTTLS required (its certificate from a
// private CA the example server trusts): sign up before login with the server's own form
// (xmpp.register.account.get/set) and log in over STARTTLS, see the account, change the
// password, log in again (and fail with the old one), register a room nick through the
// rendered form, see a hostile service's javascript:/data: URLs shown as text (never as
// links), the browser refusing values against XEP-0122 rules (input attributes), delete the
// account, and fail to log in; a taken username in words, and leaving the
// sign-up closes its stream. Then an invite-only Prosody: refused without an invite, signed up
// with one from the page URL (?invite=), the used one refused, a pasted one suggesting a
// username. Then the same sign-up and STARTTLS login on an ejabberd with STARTTLS required
// (its own CA). A screenshot of each step goes to test-results/browser/.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import { join } from 'node:path'

import { Element } from 'ltx'
import type { Browser, Page } from 'playwright-core'

import { startExampleServer, type ExampleOptions, type ExampleServer } from '../../examples/web/server'
import { signupStreamCount } from '../../src/signup'
import { Browser as Session, RUN, uniqueUser } from '../integration/browser'
import { TLS_EJABBERD } from '../integration/ejabberd'
import { INVITE_PROSODY, SERVER, TLS_PROSODY } from '../integration/prosody'
import type { ServerInstance } from '../integration/servers'
import { launchChromium, SHOTS as shots } from './chromium'

let browser: Browser
let page: Page
let shot = 0

const screenshot = async (name: string): Promise<void> => {
  await page.screenshot({ path: join(shots, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true })
}
const text = (selector: string): Promise<string> => page.locator(selector).innerText()
const waitText = async (selector: string, expected: string | RegExp): Promise<void> => {
  await page.locator(selector, { hasText: expected }).waitFor({ timeout: 15000 })
}
/** The input the sign-up form labels `label`. */
const signupInput = async (label: string) => {
  const node = page.locator('#signup-form-container label', { hasText: new RegExp(`^${label}$`) })
  await node.waitFor({ timeout: 15000 })
  return page.locator(`#${await node.getAttribute('for')}`)
}
/** Fills the sign-up form the server gave and submits it. */
const signUp = async (username: string | undefined, password: string, shotName?: string): Promise<void> => {
  if (username !== undefined) await (await signupInput('Username')).fill(username)
  await (await signupInput('Password')).fill(password)
  await (await signupInput('Password again')).fill(password)
  if (shotName) await screenshot(shotName)
  await page.click('#signup-form-container button[type="submit"]')
}
/** Resolves once the example server holds `count` sign-up streams (the cancel travels over socket.io first). */
const streamsOpen = async (count: number): Promise<void> => {
  for (let polls = 0; signupStreamCount() !== count; polls++) {
    if (polls === 500) throw new Error(`${signupStreamCount()} sign-up streams open, not ${count}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Renders `form` with the page's generic renderer into a new card `#id`; its submission goes
 * to `window.submitted` (undefined until then).
 */
const renderForm = (id: string, form: unknown): Promise<void> => page.evaluate(([boxId, f]) => {
  const box = document.createElement('div')
  box.id = boxId
  box.className = 'card'
  document.querySelector('main')!.append(box)
  const win = window as unknown as { submitted: unknown; renderDataForm: (c: HTMLElement, f: unknown, l: string, s: (v: unknown) => void) => void }
  win.submitted = undefined
  win.renderDataForm(box, f, 'Submit', (filled) => { win.submitted = filled })
}, [id, form] as [string, unknown])

/**
 * Hooks of a describe: before its tests, the example server pinned to one of the test servers'
 * TLS variants, trusting its CA (or the one `ca` gives), and a page opened on it; both closed after.
 * The sign-up limits are off (every page signs up from 127.0.0.1) unless `signup` says otherwise.
 */
const exampleOn = (
  xmpp: ServerInstance, ca = (): Buffer => xmpp.pem(`${xmpp.name.toUpperCase()}_CA`), signup: ExampleOptions['signup'] = { limits: false }
): { server?: ExampleServer } => {
  const example: { server?: ExampleServer } = {}
  before(async () => {
    example.server = await startExampleServer({ port: 0, xmppHost: 'localhost', xmppPort: xmpp.port, ca: ca(), signup })
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } })
    await page.goto(example.server.url)
    await page.locator('body[data-ready="true"]').waitFor()
  })
  after(async () => {
    await page?.close()
    await example.server?.close()
  })
  return example
}

/** Opens the sign-up, creates `name` (the page then logs in) and logs out again. */
const signUpThenLogOut = async (name: string): Promise<void> => {
  await page.click('#signup-open')
  await signUp(name, 'pw-1')
  await waitText('#status', `Online as ${name}@localhost`)
  await page.click('#logout-button')
  await waitText('#status', 'Offline')
}

/** What the sign-up shows of a server's reply: the form's title (or the page's own for legacy fields) and the instructions. */
interface SignupShown { legend: string; instructions: string }

/**
 * Opens the sign-up, sees what the server sent (`shown`), signs up as `user` with the server's
 * form and waits until the page is online over STARTTLS with the welcome; no stream left.
 */
const signUpAndLogIn = async (user: string, shown: SignupShown, shotPrefix = ''): Promise<void> => {
  await page.click('#signup-open')
  await waitText('#signup-form-container legend', shown.legend)
  // Shown once: in the form when the server's form carries them, else above the fields.
  deepStrictEqual(await text('#signup-instructions p, #signup-form-container .instructions'), shown.instructions)
  await signUp(user, 'first-password', `${shotPrefix}signup-form`)
  await waitText('#status', `Online as ${user}@localhost`)
  await waitText('#account-message', `The account ${user}@localhost was created. Welcome!`)
  await streamsOpen(0)
  await screenshot(`${shotPrefix}signed-up`)
}

describe('example web page in headless Chromium', () => {
  before(async function () {
    this.timeout(600000)
    TLS_PROSODY.start()
    INVITE_PROSODY.start()
    TLS_EJABBERD.start()
    browser = await launchChromium()
  })

  afterEach(async function () {
    // What the page showed when a test failed.
    if (this.currentTest?.state === 'failed' && page !== undefined && !page.isClosed()) await screenshot('failed')
  })

  after(async function () {
    this.timeout(30000)
    await browser?.close()
    TLS_PROSODY.stop()
    INVITE_PROSODY.stop()
    TLS_EJABBERD.stop()
  })

  describe('on a Prosody with STARTTLS required', function () {
    this.timeout(30000)
    exampleOn(TLS_PROSODY)
    const user = `web-${RUN}`
    const room = `web-room-${RUN}@${SERVER.muc}`

    const login = async (password: string, username = user): Promise<void> => {
      await page.fill('#login-username', username)
      await page.fill('#login-password', password)
      await page.click('#login-button')
    }

    it('1. signs up with the server’s own form before login, then logs in over STARTTLS', async () => {
      await screenshot('start')
      await signUpAndLogIn(user, { legend: 'Creating a new account', instructions: 'Choose a username and password for use with this service.' })
    })

    it('2. shows the account from xmpp.register.get', async () => {
      await waitText('#account-details dd[data-field="Username"]', user)
      ok((await text('#account-details dd[data-field="Registered"]')) === 'yes')
      await screenshot('account')
    })

    it('3. changes the password (current one checked, new one twice), logs in again with it, and not with the old one', async () => {
      await page.fill('#current-password', 'first-password')
      await page.fill('#new-password', 'second-password')
      await page.fill('#new-password-confirm', 'second-password')
      await page.click('#password-button')
      await waitText('#password-message', 'Password changed')
      await screenshot('password-changed')
      await page.click('#relogin-button')
      await waitText('#login-message', 'Your password was changed: log in with the new one.')
      await login('second-password')
      await waitText('#status', `Online as ${user}@localhost`)
      await page.click('#logout-button')
      await waitText('#status', 'Offline')
      await login('first-password')
      await waitText('#login-message', 'Wrong username or password')
      await screenshot('old-password-refused')
      await login('second-password')
      await waitText('#status', `Online as ${user}@localhost`)
    })

    it('4. registers a nick in a room through the rendered form', async () => {
      await page.fill('#room-jid', room)
      await page.click('#room-join')
      await waitText('#room-message', `Joined ${room}`)
      await page.click('#room-fetch')
      const nick = page.locator('#room-form-container label', { hasText: 'Nickname' })
      await nick.waitFor()
      const input = page.locator(`#${await nick.getAttribute('for')}`)
      await input.fill('Web Nick')
      await screenshot('room-form')
      await page.click('#room-form-container button[type="submit"]')
      await waitText('#room-message', `You are registered in ${room} as “Web Nick”`)
      await screenshot('room-registered')
    })

    it('4b. renders every XEP-0004 field type from the form JSON and submits it back', async () => {
      const form = {
        formType: 'urn:example:all-types',
        title: 'Every field type',
        instructions: 'Fill in everything.',
        fields: [
          { var: 'secret', type: 'hidden', value: 'h1' },
          { type: 'fixed', value: 'Section one' },
          { var: 'name', type: 'text-single', label: 'Name', required: true },
          { var: 'pin', type: 'text-private', label: 'PIN' },
          { var: 'bio', type: 'text-multi', label: 'About you', value: ['line 1'] },
          { var: 'agree', type: 'boolean', label: 'I agree' },
          { var: 'colour', type: 'list-single', label: 'Colour', options: [{ label: 'Red', value: 'r' }, { label: 'Green', value: 'g' }] },
          { var: 'langs', type: 'list-multi', label: 'Languages', options: [{ label: 'English', value: 'en' }, { label: 'French', value: 'fr' }, { label: 'German', value: 'de' }] },
          { var: 'friend', type: 'jid-single', label: 'A friend' },
          { var: 'friends', type: 'jid-multi', label: 'More friends', description: 'One per line' },
          { var: 'ocr', label: 'Text in the image', media: [{ width: 120, height: 40, uris: [{ type: 'image/png', uri: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' }] }] }
        ]
      }
      await renderForm('all-types', form)
      const field = (label: string) => page.locator('#all-types label', { hasText: label })
      const control = async (label: string) => page.locator(`#${await field(label).first().getAttribute('for')}`)
      await (await control('Name')).fill('Bill')
      await (await control('PIN')).fill('1234')
      await (await control('About you')).fill('line 1\nline 2')
      await page.locator('#all-types label.checkbox', { hasText: 'I agree' }).click()
      await (await control('Colour')).selectOption('g')
      await (await control('Languages')).selectOption(['en', 'de'])
      await (await control('A friend')).fill('juliet@capulet.lit')
      await (await control('More friends')).fill('romeo@montague.lit\nmercutio@verona.lit')
      await (await control('Text in the image')).fill('7nHL3')
      ok(await page.locator('#all-types .fixed', { hasText: 'Section one' }).isVisible())
      ok(await page.locator('#all-types .media img').isVisible())
      await page.locator('#all-types').scrollIntoViewIfNeeded()
      await screenshot('all-field-types')
      await page.click('#all-types button[type="submit"]')
      const submitted = await page.evaluate(() => (window as unknown as { submitted: unknown }).submitted)
      deepStrictEqual(submitted, {
        formType: 'urn:example:all-types',
        fields: [
          { var: 'secret', type: 'hidden', value: 'h1' },
          { var: 'name', type: 'text-single', value: 'Bill' },
          { var: 'pin', type: 'text-private', value: '1234' },
          { var: 'bio', type: 'text-multi', value: ['line 1', 'line 2'] },
          { var: 'agree', type: 'boolean', value: true },
          { var: 'colour', type: 'list-single', value: 'g' },
          { var: 'langs', type: 'list-multi', value: ['en', 'de'] },
          { var: 'friend', type: 'jid-single', value: 'juliet@capulet.lit' },
          { var: 'friends', type: 'jid-multi', value: ['romeo@montague.lit', 'mercutio@verona.lit'] },
          { var: 'ocr', value: '7nHL3' }
        ]
      })
      await page.evaluate(() => document.getElementById('all-types')!.remove())
    })

    it('4c. shows URLs from a hostile service as text, and clicking them runs nothing', async () => {
      // The "service" is another account's client on the same Prosody: every register get
      // sent to its full JID is routed to it, and it answers with crafted replies.
      // Logged in to the same (TLS) Prosody, by 127.0.0.1: node-xmpp-client does STARTTLS without verifying.
      const hostile = await Session.login('xmpp-ftw', uniqueUser('hostile'), 'hostile-password', { register: true, server: { ...SERVER, port: TLS_PROSODY.port } })
      const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
      const hostileUris = ['JavaScript:alert(2)', 'java\tscript:alert(3)', 'vbscript:msgbox(4)', 'data:text/html,<script>alert(5)</script>', png]
      const media = [
        ...hostileUris.map((uri) => new Element('uri', { type: 'text/html' }).t(uri)),
        new Element('uri', { type: 'image/png' }).t(png),
        new Element('uri', { type: 'text/html' }).t('https://example.org/captcha')
      ]
      const oob = (url: string): Element => new Element('x', { xmlns: 'jabber:x:oob' }).c('url').t(url).up().c('desc').t('Click here').root()
      const replies: Array<(iq: Element) => Element> = [
        (iq) => iq.c('query', { xmlns: 'jabber:iq:register' }).c('instructions').t('Finish at our site.').up().cnode(oob('javascript:alert(1)')).root(),
        (iq) => {
          const field = iq.c('query', { xmlns: 'jabber:iq:register' }).c('x', { xmlns: 'jabber:x:data', type: 'form' })
            .c('field', { var: 'ocr', type: 'text-single', label: 'Text in the image' })
          const box = field.c('media', { xmlns: 'urn:xmpp:media-element' })
          for (const uri of media) box.cnode(uri)
          return iq.root()
        },
        (iq) => {
          iq.attrs.type = 'error'
          iq.c('query', { xmlns: 'jabber:iq:register' }).cnode(oob('data:text/html,<script>alert(6)</script>'))
          iq.c('error', { type: 'cancel' }).c('not-allowed', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })
          return iq
        }
      ]
      const client = hostile.xmpp.client as unknown as { on(event: 'stanza', handler: (stanza: Element) => void): void }
      client.on('stanza', (stanza) => {
        if (!stanza.is('iq') || stanza.attrs.type !== 'get' || !stanza.getChild('query', 'jabber:iq:register')) return
        const reply = replies.shift()
        if (reply) hostile.raw(reply(new Element('iq', { type: 'result', to: stanza.attrs.from, id: stanza.attrs.id })).root().toString())
      })
      const dialogs: string[] = []
      const popups: string[] = []
      const context = page.context()
      context.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss() })
      context.on('page', (popup) => { popups.push(popup.url()) })
      /** Every link in `selector` as [text, href]. */
      const links = (selector: string): Promise<string[][]> =>
        page.locator(`${selector} a`).evaluateAll((nodes) => nodes.map((a) => [a.textContent ?? '', a.getAttribute('href') ?? '']))
      /** Clicks the element showing `text` inside `selector`, then gives any script or popup it started a moment to show. */
      const clickText = async (selector: string, text: string): Promise<void> => {
        await page.locator(selector).getByText(text, { exact: true }).first().click()
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)))
      }
      try {
        await page.fill('#room-jid', hostile.jid)
        // An OOB url with a result.
        await page.click('#room-fetch')
        await waitText('#room-message', 'Finish at our site.')
        deepStrictEqual(await links('#room-message'), [])
        deepStrictEqual(await text('#room-message .oob'), 'Continue at: Click here javascript:alert(1)')
        await clickText('#room-message', 'javascript:alert(1)')
        await screenshot('hostile-oob')
        // XEP-0221 media URIs in a form: only the https link and the PNG stay live.
        await page.click('#room-fetch')
        await page.locator('#room-form-container .media').waitFor()
        deepStrictEqual(await links('#room-form-container'), [['https://example.org/captcha', 'https://example.org/captcha']])
        deepStrictEqual(await page.locator('#room-form-container .media img').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('src'))), [png])
        deepStrictEqual(await page.locator('#room-form-container .media code').evaluateAll((nodes) => nodes.map((n) => n.textContent)), hostileUris)
        for (const uri of hostileUris) await clickText('#room-form-container .media', uri)
        await screenshot('hostile-media')
        // An OOB url with an error.
        await page.click('#room-fetch')
        await waitText('#room-message', 'This is not allowed here.')
        deepStrictEqual(await links('#room-message'), [])
        deepStrictEqual(await text('#room-message .oob'), 'Continue at: Click here data:text/html,<script>alert(6)</script>')
        await clickText('#room-message', 'data:text/html,<script>alert(6)</script>')
        deepStrictEqual({ dialogs, popups, replies: replies.length }, { dialogs: [], popups: [], replies: 0 })
      } finally {
        hostile.close()
        await page.fill('#room-jid', room)
        page.context().removeAllListeners('dialog')
        page.context().removeAllListeners('page')
      }
    })

    it('4d. XEP-0122 rules as input attributes: the browser refuses bad values before the page sends anything', async () => {
      const form = {
        fields: [
          { var: 'age', type: 'text-single', label: 'Age', validate: { datatype: 'xs:integer', method: 'range', min: '18', max: '120' } },
          { var: 'day', type: 'text-single', label: 'Day', validate: { datatype: 'xs:date', method: 'range', min: '2026-01-01' } },
          { var: 'ssn', type: 'text-single', label: 'Social Security Number', required: true, validate: { datatype: 'xs:string', method: 'regex', regex: '([0-9]{3})-([0-9]{2})-([0-9]{4})' } }
        ]
      }
      await renderForm('rules', form)
      const control = async (label: string) => page.locator(`#${await page.locator('#rules label', { hasText: label }).getAttribute('for')}`)
      /** Submits, and gives what the page sent (undefined: the browser stopped it) and the fields it marked invalid. */
      const submit = async (): Promise<[unknown, string[]]> => {
        await page.click('#rules button[type="submit"]')
        return page.evaluate(() => [
          (window as unknown as { submitted: unknown }).submitted,
          Array.from(document.querySelectorAll('#rules input:invalid')).map((node) => node.previousElementSibling?.textContent ?? '')
        ] as [unknown, string[]])
      }
      await (await control('Age')).fill('5')
      await (await control('Day')).fill('2025-12-31')
      await (await control('Social Security Number')).fill('123-45-678')
      deepStrictEqual(await submit(), [undefined, ['Age', 'Day', 'Social Security Number']])
      await page.locator('#rules').scrollIntoViewIfNeeded()
      await screenshot('rules-refused')
      await (await control('Age')).fill('42')
      await (await control('Day')).fill('2026-02-03')
      await (await control('Social Security Number')).fill('123-45-6789')
      deepStrictEqual(await submit(), [{ fields: [
        { var: 'age', type: 'text-single', value: '42' },
        { var: 'day', type: 'text-single', value: '2026-02-03' },
        { var: 'ssn', type: 'text-single', value: '123-45-6789' }
      ] }, []])
      await page.evaluate(() => document.getElementById('rules')!.remove())
    })

    it('5. deletes the account after a confirmation', async () => {
      await page.click('#delete-button')
      await page.locator('#delete-confirm').waitFor()
      await screenshot('delete-confirm')
      await page.click('#delete-yes')
      await waitText('#login-message', `The account ${user}@localhost was deleted`)
      await waitText('#status', 'Offline')
      await screenshot('deleted')
    })

    it('6. cannot log in to the deleted account', async () => {
      await login('second-password')
      await waitText('#login-message', 'Wrong username or password')
      await screenshot('login-refused')
    })

    it('7. a taken username is refused in words; the same sign-up then goes on; leaving it closes its stream', async () => {
      const other = `${user}-2`
      await signUpThenLogOut(other)
      await page.click('#signup-open')
      await signUp(other, 'pw-2')
      await waitText('#signup-message', 'That username is already taken: choose another (The requested username already exists).')
      await screenshot('signup-conflict')
      equal(signupStreamCount(), 1)
      await page.click('#signup-back')
      await streamsOpen(0)
      ok(await page.locator('#login-section').isVisible())
      ok(await page.locator('#signup-section').isHidden())
    })
  })

  describe('on an invite-only Prosody', function () {
    this.timeout(30000)
    const example = exampleOn(INVITE_PROSODY)
    const logout = async (): Promise<void> => {
      await page.click('#logout-button')
      await waitText('#status', 'Offline')
    }
    const withInvite = (uri: string): string => `${example.server!.url}?invite=${encodeURIComponent(uri)}`
    let used = ''

    it('without an invite: the server’s refusal in words; reloading the page closes the sign-up stream', async () => {
      await page.click('#signup-open')
      await waitText('#signup-info', 'This server accepts invites: if you have an invite link, paste it above.')
      await signUp(uniqueUser('web-noinvite'), 'pw-1')
      await waitText('#signup-message', 'This server needs an invite to create an account: paste your invite link above (Registration on this server is through invitation only).')
      await screenshot('invite-required')
      ok(await page.locator('#status', { hasText: 'Offline' }).isVisible())
      // The refused stream stays open for another try; leaving the page (its socket) closes it.
      equal(signupStreamCount(), 1)
      await page.reload()
      await streamsOpen(0)
    })

    it('an invite link in the page URL (?invite=): signs up and logs in', async () => {
      used = INVITE_PROSODY.invite()
      const name = uniqueUser('web-invited')
      await page.goto(withInvite(used))
      await waitText('#signup-info', 'Invite accepted for localhost.')
      deepStrictEqual(await page.inputValue('#invite-link'), used)
      await signUp(name, 'pw-1', 'invite-signup')
      await waitText('#status', `Online as ${name}@localhost`)
      await screenshot('invited-online')
      await logout()
    })

    it('the used invite: refused in words, no form shown', async () => {
      await page.goto(withInvite(used))
      await waitText('#signup-message', 'This invite is not valid or was already used (The invite token is invalid or expired).')
      equal(await page.locator('#signup-form-container form').count(), 0)
      await screenshot('invite-used')
    })

    it('a pasted invite naming a username: the username is suggested, and the account created', async () => {
      const name = uniqueUser('web-named')
      const named = INVITE_PROSODY.invite().replace(/^xmpp:localhost\?/, `xmpp:${name}@localhost?`)
      await page.goto(example.server!.url)
      await page.click('#signup-open')
      await page.fill('#invite-link', named)
      await page.click('#invite-button')
      await waitText('#signup-info', `Invite accepted for localhost. It suggests the username “${name}”.`)
      deepStrictEqual(await (await signupInput('Username')).inputValue(), name)
      await signUp(undefined, 'pw-1', 'invite-suggests-username')
      await waitText('#status', `Online as ${name}@localhost`)
      await logout()
      await streamsOpen(0)
    })
  })

  describe('on an ejabberd with STARTTLS required', function () {
    this.timeout(30000)
    exampleOn(TLS_EJABBERD)

    it('signs up with the server’s own fields before login, logs in over STARTTLS and shows the account', async () => {
      const user = uniqueUser('web-ejabberd')
      // ejabberd sends legacy fields only (no form): the page's own legend.
      await signUpAndLogIn(user, { legend: 'Registration form', instructions: 'Choose a username and password to register with this server' }, 'ejabberd-')
      await waitText('#account-details dd[data-field="Username"]', user)
      await screenshot('ejabberd-account')
    })
  })

  describe('on a Prosody with the sign-up limits on (one account per address)', function () {
    this.timeout(30000)
    exampleOn(TLS_PROSODY, undefined, { limits: { accountsPerClient: 1, keyPrefix: `web-limits-${RUN}` } })

    it('signs up until refused: the refusal in words with the time to wait', async () => {
      await signUpThenLogOut(uniqueUser('web-limited'))
      await page.click('#signup-open')
      await signUp(uniqueUser('web-limited'), 'pw-2')
      await waitText('#signup-message', 'Too many sign-ups from your network; try again in 10 minutes.')
      await screenshot('signup-limited')
      ok(await page.locator('#status', { hasText: 'Offline' }).isVisible())
      await page.click('#signup-back')
      await streamsOpen(0)
    })
  })

  describe('on a server whose certificate the web server does not trust', function () {
    this.timeout(30000)
    exampleOn(TLS_PROSODY, () => TLS_PROSODY.pem('PROSODY_WRONG_CA'))

    it('the sign-up says in words that no secure connection could be made; no form, nothing open', async () => {
      await page.click('#signup-open')
      await waitText('#signup-message', 'No secure connection to the server could be made (TLS with the server of localhost failed: unable to verify the first certificate).')
      equal(await page.locator('#signup-form-container form').count(), 0)
      equal(signupStreamCount(), 0)
      await screenshot('tls-failure')
    })
  })
})
