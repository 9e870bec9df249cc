/// <reference lib="dom" />
// The example page's forms never navigate (issue 20, point 2): with a slow /config.json or a
// slow script, Enter in the login form must not send the password in a URL (`/?password=…`):
// the handlers are bound before anything is awaited, the forms post, their password inputs
// have no name, and the submit buttons are disabled until the script is ready.
import { deepStrictEqual, equal } from 'node:assert/strict'

import type { Page } from 'playwright-core'

import { exampleSuite } from './example-page'

describe('example web page: no form navigates, however slow the page loads', function () {
  this.timeout(30000)
  const suite = exampleSuite()

  /**
   * Opens the page with `path` held back `delayMs`, types a login and presses Enter before it
   * arrives; resolves with every URL the page went to (its first one included) and the final URL.
   */
  const enterWhileLoading = async (path: string, delayMs: number): Promise<{ urls: string[]; url: string; page: Page }> => {
    const page = await suite.browser.newPage()
    const urls: string[] = []
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) urls.push(frame.url()) })
    page.on('request', (request) => { if (request.isNavigationRequest()) urls.push(`${request.method()} ${request.url()}`) })
    await page.route(`**${path}`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      await route.continue()
    })
    await page.goto(suite.server.url, { waitUntil: 'commit' })
    await page.locator('#login-password').waitFor({ state: 'attached' })
    await page.fill('#login-username', 'alice')
    await page.fill('#login-password', 'S3cret!pw')
    await page.press('#login-password', 'Enter')
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 15000 })
    await page.waitForTimeout(300)
    return { urls, url: page.url(), page }
  }

  it('a slow /config.json: Enter logs in through the page, the URL never changes', async () => {
    const { urls, url, page } = await enterWhileLoading('/config.json', 1500)
    try {
      deepStrictEqual({ urls, url }, { urls: [`GET ${suite.server.url}`, suite.server.url], url: suite.server.url })
      // The login went through the page's own handler (to a server that is not there).
      await page.locator('#login-message.error').waitFor({ timeout: 15000 })
      equal(await page.inputValue('#login-username'), 'alice')
    } finally {
      await page.close()
    }
  })

  it('a slow script: Enter does nothing until it is there, the URL never changes', async () => {
    const { urls, url, page } = await enterWhileLoading('/app.js', 1500)
    try {
      deepStrictEqual({ urls, url }, { urls: [`GET ${suite.server.url}`, suite.server.url], url: suite.server.url })
    } finally {
      await page.close()
    }
  })

  it('no form sends a password by name, every form posts', async () => {
    const page = await suite.open()
    try {
      deepStrictEqual(await page.evaluate(() => ({
        named: Array.from(document.querySelectorAll('input[type="password"][name]')).map((input) => input.id),
        methods: Array.from(document.querySelectorAll('form')).map((form) => form.method)
      })), { named: [], methods: [...Array(await page.locator('form').count())].map(() => 'post') })
    } finally {
      await page.close()
    }
  })
})
