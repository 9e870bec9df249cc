/// <reference lib="dom" />
// "Invite a friend" on the example page in headless Chromium with TWO browser contexts (two
// people, no shared cookies or storage), on the invite-only Prosody that lets users invite
// (XEP-0401 over XEP-0050): Alice logs in and creates an invite (link, xmpp: URI, expiry, QR
// code); Bob opens the link in his own context, sees who invited him and the suggested
// username, signs up, logs in and sees Alice among his contacts; Alice's page shows Bob. Then a
// Prosody where users may not invite new accounts, and ejabberd 23.01 (no invite commands):
// the refusal in words. Screenshots go to test-results/browser/ (invite-*.png).
import { equal, match, ok } from 'node:assert/strict'
import { join } from 'node:path'

import type { Browser, BrowserContext, Page } from 'playwright-core'

import { startExampleServer, type ExampleServer } from '../../examples/web/server'
import { signupStreamCount } from '../../src/signup'
import { uniqueUser } from '../integration/browser'
import { TLS_EJABBERD } from '../integration/ejabberd'
import { CONTACT_ONLY_PROSODY, INVITE_PROSODY, type ProsodyInstance } from '../integration/prosody'
import type { ServerInstance } from '../integration/servers'
import { launchChromium, SHOTS } from './chromium'

let browser: Browser
const contexts: BrowserContext[] = []

const screenshot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `invite-${name}.png`), fullPage: true })
const waitText = (page: Page, selector: string, expected: string | RegExp): Promise<void> =>
  page.locator(selector, { hasText: expected }).waitFor({ timeout: 15000 })

/** A new person: their own browser context and page, on the example page. */
const person = async (url: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 900, height: 1100 } })
  contexts.push(context)
  const page = await context.newPage()
  await page.goto(url)
  await page.locator('body[data-ready="true"]').waitFor()
  return page
}

const logIn = async (page: Page, user: string, password: string): Promise<void> => {
  await page.fill('#login-username', user)
  await page.fill('#login-password', password)
  await page.click('#login-button')
  await waitText(page, '#status', `Online as ${user}@localhost`)
}

/** The example server pinned to `xmpp` (trusting its CA) for the describe's tests. */
const exampleOn = (xmpp: ServerInstance): { url: string } => {
  const example: { url: string; server?: ExampleServer } = { url: '' }
  before(async () => {
    // The sign-up limits are off: every page signs up from 127.0.0.1 (web.test.ts tests them).
    example.server = await startExampleServer({ port: 0, xmppHost: 'localhost', xmppPort: xmpp.port, ca: xmpp.pem(`${xmpp.name.toUpperCase()}_CA`), signup: { limits: false } })
    example.url = example.server.url
  })
  after(async () => {
    for (const context of contexts.splice(0)) await context.close()
    await example.server?.close()
  })
  return example
}

describe('example page: invite a friend, in two browser contexts', () => {
  before(async function () {
    this.timeout(600000)
    INVITE_PROSODY.start()
    CONTACT_ONLY_PROSODY.start()
    TLS_EJABBERD.start()
    browser = await launchChromium()
  })
  after(async function () {
    this.timeout(30000)
    await browser?.close()
    INVITE_PROSODY.stop()
    CONTACT_ONLY_PROSODY.stop()
    TLS_EJABBERD.stop()
  })

  describe('on the invite-only Prosody that lets users invite', function () {
    this.timeout(60000)
    const example = exampleOn(INVITE_PROSODY)

    it('Alice invites; Bob opens the link, signs up and logs in, and sees Alice; Alice\'s page shows Bob', async () => {
      const alice = uniqueUser('alice')
      const bob = uniqueUser('bob')
      INVITE_PROSODY.addUser(alice, 'alice-pw')
      const alicePage = await person(example.url)
      await logIn(alicePage, alice, 'alice-pw')
      await waitText(alicePage, '#contacts-message', 'No contacts yet: invite a friend.')
      await alicePage.fill('#invite-username', bob)
      await alicePage.click('#invite-create')
      await alicePage.locator('#invite-result').waitFor({ state: 'visible', timeout: 15000 })
      const link = await alicePage.locator('#invite-page-link').getAttribute('href')
      const uri = await alicePage.locator('#invite-uri').innerText()
      match(uri, new RegExp(`^xmpp:${alice}@localhost\\?roster;preauth=[A-Za-z0-9_-]+;ibr=y$`))
      equal(link, `${example.url.replace(/\/?$/, '/')}?invite=${encodeURIComponent(uri).replace(/%20/g, '+')}&username=${bob}`)
      match(await alicePage.locator('#invite-expiry').innerText(), /^Valid until \d+ \w+ \d{4}, \d\d:\d\d UTC \(7 days\)\.$/)
      match(await alicePage.locator('#invite-qr').getAttribute('src') ?? '', /^data:image\/png;base64,/)
      ok(await alicePage.locator('#invite-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100), 'the QR code is drawn')
      await screenshot(alicePage, 'alice-invites')

      const bobPage = await person(link!)
      await waitText(bobPage, '#signup-info', `${alice}@localhost invited you to localhost: once you log in, you are each other's contacts. It suggests the username “${bob}”.`)
      const username = bobPage.locator('#signup-form-container input[type="text"], #signup-form-container input:not([type])').first()
      await username.waitFor({ timeout: 15000 })
      equal(await username.inputValue(), bob)
      for (const input of await bobPage.locator('#signup-form-container input[type="password"]').all()) await input.fill('bob-pw')
      await screenshot(bobPage, 'bob-signs-up')
      await bobPage.click('#signup-form-container button[type="submit"]')
      await waitText(bobPage, '#status', `Online as ${bob}@localhost`)
      await waitText(bobPage, '#contacts-list li', `${alice}@localhost`)
      equal(await bobPage.locator('#contacts-list li').count(), 1)
      await screenshot(bobPage, 'bob-sees-alice')
      await waitText(alicePage, '#contacts-list li', `${bob}@localhost`)
      equal(await alicePage.locator('#contacts-list li').count(), 1)
      await screenshot(alicePage, 'alice-sees-bob')
      equal(signupStreamCount(), 0)
    })
  })

  describe('on a Prosody where users may not invite new accounts', function () {
    this.timeout(60000)
    const example = exampleOn(CONTACT_ONLY_PROSODY as ProsodyInstance)

    it('the invite is made, and the page says in words that it creates no account', async () => {
      const alice = uniqueUser('alice')
      CONTACT_ONLY_PROSODY.addUser(alice, 'pw')
      const page = await person(example.url)
      await logIn(page, alice, 'pw')
      await page.click('#invite-create')
      await waitText(page, '#invite-message', 'localhost does not let you invite new accounts: this invite only adds you as a contact for someone who already has an account there.')
      await screenshot(page, 'contact-only')
    })
  })

  describe('on ejabberd 23.01 (no invite commands)', function () {
    this.timeout(60000)
    const example = exampleOn(TLS_EJABBERD)

    it('"This server cannot make invites" in words', async () => {
      const user = uniqueUser('ej')
      const page = await person(example.url)
      await page.click('#signup-open')
      const fields = page.locator('#signup-form-container input')
      await fields.first().waitFor({ timeout: 15000 })
      await page.locator('#signup-form-container input[type="text"], #signup-form-container input:not([type])').first().fill(user)
      for (const input of await page.locator('#signup-form-container input[type="password"]').all()) await input.fill('pw')
      await page.click('#signup-form-container button[type="submit"]')
      await waitText(page, '#status', `Online as ${user}@localhost`)
      await page.click('#invite-create')
      await waitText(page, '#invite-message', "This server cannot make invites (localhost cannot make invites: it offers no 'urn:xmpp:invite#invite' command to this account).")
      await screenshot(page, 'ejabberd')
    })
  })
})
