/// <reference lib="dom" />
// The example page's CAPTCHA sign-up in headless Chromium against ejabberd 23.01 with
// CAPTCHA-protected registration and STARTTLS required (scripts/ejabberd.sh EJABBERD_CAPTCHA=1,
// whose captcha_cmd wrapper records the text it draws): the image from its data: URI, the
// fallback link, "New image", a wrong answer (in words, a new image, what was typed kept),
// then the right answer: signed up and logged in over STARTTLS with the certificate
// verified; the account then deleted from the page. Screenshots in test-results/browser/.
import { deepStrictEqual, equal, notEqual, ok } from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import type { Browser, Page } from 'playwright-core'

import { startExampleServer, type ExampleServer } from '../../examples/web/server'
import { signupStreamCount } from '../../src/signup'
import { uniqueUser } from '../integration/browser'
import { CAPTCHA_EJABBERD, EJABBERD } from '../integration/ejabberd'
import { launchChromium, SHOTS } from './chromium'

describe('example web page: CAPTCHA sign-up on ejabberd in headless Chromium', function () {
  this.timeout(30000)
  let browser: Browser
  let page: Page
  let server: ExampleServer
  let shot = 0
  const user = uniqueUser('web-captcha')
  const password = 'Calliope-7'

  const screenshot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: join(SHOTS, `captcha-${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true })
  const waitText = (selector: string, expected: string | RegExp): Promise<void> =>
    page.locator(selector, { hasText: expected }).waitFor({ timeout: 15000 })
  /** The sign-up form's input labelled `label`. */
  const input = async (label: string) => {
    const node = page.locator('#signup-form-container label', { hasText: new RegExp(`^${label}$`) })
    await node.waitFor({ timeout: 15000 })
    return page.locator(`#${await node.getAttribute('for')}`)
  }
  /** The CAPTCHA image once loaded: its src and natural size. */
  const image = (): Promise<{ src: string; width: number; height: number }> =>
    page.locator('#signup-form-container .media img').evaluate(async (img: HTMLImageElement) => {
      await img.decode()
      return { src: img.getAttribute('src') ?? '', width: img.naturalWidth, height: img.naturalHeight }
    })
  /** The image's src changes from `before`: the form was replaced by a fresh one. */
  const newImage = async (before: string): Promise<{ src: string; width: number; height: number }> => {
    await page.waitForFunction((src) => {
      const img = document.querySelector('#signup-form-container .media img')
      return img !== null && img.getAttribute('src') !== src
    }, before, { timeout: 15000 })
    return image()
  }
  /** The text ejabberd drew into the last image (the captcha_cmd wrapper records it). */
  const lastText = (): string => readFileSync(CAPTCHA_EJABBERD.env().EJABBERD_CAPTCHA_TEXT!, 'utf8').trim()

  before(async function () {
    this.timeout(180000)
    CAPTCHA_EJABBERD.start()
    browser = await launchChromium()
    server = await startExampleServer({
      port: 0, xmppHost: 'localhost', xmppPort: CAPTCHA_EJABBERD.port, ca: CAPTCHA_EJABBERD.pem('EJABBERD_CA'), domain: EJABBERD.domain,
      signup: { limits: false }
    })
    page = await browser.newPage({ viewport: { width: 900, height: 1100 } })
    await page.goto(server.url)
    await page.locator('body[data-ready="true"]').waitFor()
  })

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page !== undefined && !page.isClosed()) await screenshot('failed')
  })

  after(async function () {
    this.timeout(30000)
    await page?.close()
    await browser?.close()
    await server?.close()
    CAPTCHA_EJABBERD.stop()
  })

  let src = ''

  it('shows the CAPTCHA image from its data: URI, the fallback link and the rules as input attributes', async () => {
    await page.click('#signup-open')
    await waitText('#signup-form-container legend', /./)
    const shown = await image()
    ok(shown.src.startsWith('data:image/png;base64,'), shown.src.slice(0, 40))
    ok(shown.width > 0 && shown.height > 0, JSON.stringify({ width: shown.width, height: shown.height }))
    src = shown.src
    const fallback = await page.locator('#signup-form-container .fallback a').getAttribute('href')
    ok(fallback !== null && /^http:\/\/[^/]+\/captcha\/[0-9]+\/image$/.test(fallback), String(fallback))
    deepStrictEqual(await page.locator('#signup-form-container .fixed').innerText(), "If you don't see the CAPTCHA image here, visit the web page.")
    // Required fields are required for the browser too (an empty answer never leaves the page).
    for (const label of ['User', 'Password', 'Enter the text you see']) equal(await (await input(label)).getAttribute('required'), '')
    await screenshot('form')
  })

  it('"New image": a new form from the server, what was typed kept', async () => {
    await (await input('User')).fill(user)
    await (await input('Password')).fill(password)
    await page.click('#signup-form-container button:has-text("New image")')
    src = (await newImage(src)).src
    deepStrictEqual([await (await input('User')).inputValue(), await (await input('Password')).inputValue()], [user, password])
    equal(signupStreamCount(), 1)
  })

  it('a wrong answer: the error in words and a new image; the answer field empty again', async () => {
    notEqual(lastText(), 'wrong')
    await (await input('Enter the text you see')).fill('wrong')
    await page.click('#signup-form-container button[type="submit"]')
    await waitText('#signup-message', 'The answer was wrong — here is a new image (The CAPTCHA verification has failed).')
    const fresh = await newImage(src)
    ok(fresh.src.startsWith('data:image/png;base64,') && fresh.width > 0)
    deepStrictEqual(
      [await (await input('User')).inputValue(), await (await input('Password')).inputValue(), await (await input('Enter the text you see')).inputValue()],
      [user, password, '']
    )
    equal(await page.locator('#status').innerText(), 'Offline')
    await screenshot('wrong-answer')
  })

  it('the right answer: signed up and logged in over STARTTLS (certificate verified)', async () => {
    await (await input('Enter the text you see')).fill(lastText())
    await screenshot('right-answer')
    await page.click('#signup-form-container button[type="submit"]')
    await waitText('#status', `Online as ${user}@${EJABBERD.domain}`)
    await waitText('#account-message', `The account ${user}@${EJABBERD.domain} was created. Welcome!`)
    equal(signupStreamCount(), 0)
    await screenshot('signed-up')
  })

  it('deletes the account from the page (nothing left on the server)', async () => {
    await page.click('#delete-button')
    await page.click('#delete-yes')
    await waitText('#login-message', `The account ${user}@${EJABBERD.domain} was deleted`)
  })
})
