/// <reference lib="dom" />
// The example page in headless Chromium (Debian's, driven by playwright-core) against the
// example server and the project's Prosody: sign up, see the account, change the password,
// log in again (and fail with the old one), register a room nick through the rendered
// form, see a hostile service's javascript:/data: URLs shown as text (never as links),
// delete the account, and fail to log in. A screenshot of each step goes to
// test-results/browser/.
import { deepStrictEqual, ok } from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { Element } from 'ltx'
import { chromium, type Browser, type Page } from 'playwright-core'

import { startExampleServer, type ExampleServer } from '../../examples/web/server'
import { Browser as Session, RUN, uniqueUser } from '../integration/browser'
import { SERVER, startProsody, stopProsody } from '../integration/prosody'

const CHROMIUM = '/usr/bin/chromium'
const shots = join(__dirname, '..', '..', 'test-results', 'browser')

describe('example web page in headless Chromium', function () {
  this.timeout(30000)
  let server: ExampleServer
  let browser: Browser
  let page: Page
  let shot = 0
  const user = `web-${RUN}`
  const room = `web-room-${RUN}@${SERVER.muc}`

  const screenshot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(shots, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true })
  }
  const login = async (password: string, signUp = false): Promise<void> => {
    await page.fill('#login-username', user)
    await page.fill('#login-password', password)
    await page.click(signUp ? '#signup-button' : '#login-button')
  }
  const text = (selector: string): Promise<string> => page.locator(selector).innerText()
  const waitText = async (selector: string, expected: string | RegExp): Promise<void> => {
    await page.locator(selector, { hasText: expected }).waitFor({ timeout: 15000 })
  }

  before(async function () {
    this.timeout(600000)
    startProsody()
    if (spawnSync('bash', [join(__dirname, '..', '..', 'scripts', 'chromium.sh')], { stdio: 'inherit' }).status !== 0) {
      throw new Error('could not install chromium (scripts/chromium.sh)')
    }
    rmSync(shots, { recursive: true, force: true })
    mkdirSync(shots, { recursive: true })
    server = await startExampleServer({ port: 0, xmppPort: SERVER.port })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-quic', '--disable-sync']
    })
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } })
    await page.goto(server.url)
    await page.locator('body[data-ready="true"]').waitFor()
  })

  after(async () => {
    await browser?.close()
    await server?.close()
    stopProsody()
  })

  it('1. signs up a fresh user', async () => {
    await screenshot('start')
    await login('first-password', true)
    await waitText('#status', `Online as ${user}@localhost`)
    await screenshot('signed-up')
  })

  it('2. shows the account from xmpp.register.get', async () => {
    await waitText('#account-details dd[data-field="Username"]', user)
    ok((await text('#account-details dd[data-field="Registered"]')) === 'yes')
    await screenshot('account')
  })

  it('3. changes the password, logs in again with it, and not with the old one', async () => {
    await page.fill('#new-password', 'second-password')
    await page.click('#password-button')
    await waitText('#password-message', 'Password changed')
    await screenshot('password-changed')
    await page.click('#relogin-button')
    await waitText('#account-message', 'Logged in again with the new password')
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
    await page.evaluate((f) => {
      const box = document.createElement('div')
      box.id = 'all-types'
      box.className = 'card'
      document.querySelector('main')!.append(box)
      ;(window as unknown as { renderDataForm: (c: HTMLElement, f: unknown, l: string, s: (v: unknown) => void) => void })
        .renderDataForm(box, f, 'Submit', (filled) => { (window as unknown as { submitted: unknown }).submitted = filled })
    }, form)
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
    const hostile = await Session.login('xmpp-ftw', uniqueUser('hostile'), 'hostile-password', { register: true })
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
})
