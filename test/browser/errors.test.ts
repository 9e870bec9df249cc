/// <reference lib="dom" />
// Errors in words on the example page (issue 20, point 5), at a phone's width (375 px), with no
// XMPP server behind the web server: the login and the sign-up say so in words (no JSON, no
// internal address or port) and nothing widens the page, not even long unbroken server text.
import { deepStrictEqual } from 'node:assert/strict'

import type { Page } from 'playwright-core'

import { exampleSuite, waitText } from './example-page'

const UNREACHABLE = 'The XMPP server cannot be reached at the moment: try again later.'

/** What a message box shows, whether it holds JSON or an address, and how wide the page is. */
const shown = (page: Page, selector: string): Promise<{ text: string; raw: boolean; width: number }> =>
  page.locator(selector).evaluate((box) => ({
    text: box.textContent ?? '',
    raw: /[{}"]|127\.0\.0\.1|errno|ECONN/.test(box.textContent ?? ''),
    width: document.documentElement.scrollWidth
  }))

describe('example web page: errors in words at 375 px', function () {
  this.timeout(30000)
  const suite = exampleSuite()

  it('a login with the XMPP server down: in words, no JSON or address, the page 375 px wide', async () => {
    const page = await suite.open(375)
    await page.fill('#login-username', 'alice')
    await page.fill('#login-password', 'S3cret!pw')
    await page.click('#login-button')
    await page.locator('#login-message.error').waitFor({ timeout: 15000 })
    deepStrictEqual(await shown(page, '#login-message'), { text: UNREACHABLE, raw: false, width: 375 })
  })

  it('a sign-up with the XMPP server down: in words, not "interrupted"', async () => {
    const page = await suite.open(375)
    await page.click('#signup-open')
    await waitText(page, '#signup-message.error', /./)
    deepStrictEqual(await shown(page, '#signup-message'), { text: UNREACHABLE, raw: false, width: 375 })
  })

  it('long unbroken words from a server wrap at 375 px', async () => {
    const page = await suite.open(375)
    const long = 'W'.repeat(300)
    await page.evaluate((word) => {
      const win = window as unknown as { renderDataForm: (c: HTMLElement, f: unknown, l: string, s: () => void) => void }
      const box = document.createElement('div')
      box.className = 'card'
      document.querySelector('main')!.append(box)
      win.renderDataForm(box, {
        title: word,
        instructions: word,
        fields: [{ type: 'fixed', value: word }, { var: 'a', type: 'text-single', label: word, description: word, value: word }]
      }, 'Submit', () => undefined)
      document.getElementById('status')!.textContent = word
      document.getElementById('login-message')!.textContent = word
    }, long)
    deepStrictEqual(await page.evaluate(() => document.documentElement.scrollWidth), 375)
  })
})
