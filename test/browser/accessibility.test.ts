/// <reference lib="dom" />
// The example page by keyboard, screen reader and password manager (issue 20, point 7), on the
// Prosody with STARTTLS required: axe (WCAG 2.1 A and AA) finds nothing on any view; every
// rendered input has an autocomplete by its role and new passwords a second input; the focus
// follows every view change and lands on the field at fault (aria-invalid, aria-describedby);
// a double click sends once; the favicon is there.
import { deepStrictEqual, equal } from 'node:assert/strict'

import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

import { exampleSuite, hostileService, logIn, newAccount, waitText } from './example-page'

/** WCAG 2.1 A and AA violations on the page as it is: `rule: target…` lines. */
const violations = async (page: Page): Promise<string[]> => {
  const { violations: found } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return found.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`))
}

/** The id of the focused element, or of the section it is in. */
const focusIn = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.closest('section')?.id ?? document.activeElement?.tagName ?? '')

/** Each rendered input of the sign-up form: its label and autocomplete. */
const autocompletes = (page: Page): Promise<string[][]> => page.locator('#signup-form-container input').evaluateAll((inputs) =>
  inputs.map((input) => [document.querySelector(`label[for="${input.id}"]`)?.textContent ?? '', input.getAttribute('autocomplete') ?? '']))

describe('example web page: accessibility', function () {
  this.timeout(30000)
  const suite = exampleSuite({ prosody: true })

  it('every view: no WCAG 2.1 A/AA violation, the focus on the new view, autocomplete by role, the field at fault marked', async () => {
    const page = await suite.open()
    deepStrictEqual(await violations(page), [], 'login view')
    const taken = await newAccount('web-a11y', 'pw-a11y-1')
    await page.click('#signup-open')
    equal(await focusIn(page), 'signup-section')
    await page.locator('#signup-form-container legend').waitFor({ timeout: 15000 })
    deepStrictEqual(await autocompletes(page), [['Username', 'username'], ['Password', 'new-password'], ['Password again', 'new-password']])
    deepStrictEqual(await violations(page), [], 'sign-up view')
    const [username, password, again] = await page.locator('#signup-form-container input').all()
    await username!.fill(taken)
    await password!.fill('pw-a11y-2')
    await again!.fill('pw-a11y-X')
    await page.click('#signup-form-container button[type="submit"]')
    deepStrictEqual(await page.evaluate(() => [document.activeElement?.getAttribute('autocomplete'), document.activeElement?.getAttribute('aria-invalid')]), ['new-password', 'true'])
    await again!.fill('pw-a11y-2')
    await page.click('#signup-form-container button[type="submit"]')
    await waitText(page, '#signup-message', 'That username is already taken')
    deepStrictEqual(await page.evaluate(() => [document.activeElement?.getAttribute('autocomplete'), document.activeElement?.getAttribute('aria-invalid'),
      document.activeElement?.getAttribute('aria-describedby')]), ['username', 'true', 'signup-message'])
    deepStrictEqual(await violations(page), [], 'sign-up refused')
    await page.click('#signup-back')
    equal(await focusIn(page), 'login-section')
    await logIn(page, taken, 'pw-a11y-1')
    equal(await focusIn(page), 'account-section')
    await page.locator('#account-details dl').waitFor()
    deepStrictEqual(await violations(page), [], 'account view')
    await page.click('#delete-button')
    deepStrictEqual(await violations(page), [], 'delete confirmation')
    await page.click('#logout-button')
    await waitText(page, '#status', 'Offline')
    equal(await focusIn(page), 'login-section')
    deepStrictEqual(await violations(page), [], 'logged out')
  })

  it('a CAPTCHA answer is autocomplete=off; a description is tied to its input', async () => {
    const page = await suite.open()
    const shown = await page.evaluate(() => {
      const box = document.createElement('div')
      document.querySelector('main')!.append(box)
      const win = window as unknown as { renderDataForm: (c: HTMLElement, f: unknown, l: string, s: () => void) => void }
      win.renderDataForm(box, { fields: [
        { var: 'ocr', label: 'Text in the image', description: 'Letters only', media: [{ uris: [{ type: 'image/png', uri: 'data:image/png;base64,iVBORw0KGgo=' }] }] },
        { var: 'email', type: 'text-single', label: 'Email' }
      ] }, 'Submit', () => undefined)
      return Array.from(box.querySelectorAll('input')).map((input) => [input.getAttribute('autocomplete'),
        document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? null])
    })
    deepStrictEqual(shown, [['off', 'Letters only'], ['email', null]])
  })

  it('a double click on a rendered form’s submit button sends once', async () => {
    // A service whose form is answered never: the first submission is still waiting.
    const service = await hostileService([(iq) => iq.c('query', { xmlns: 'jabber:iq:register' }).c('x', { xmlns: 'jabber:x:data', type: 'form' })
      .c('field', { var: 'muc#register_roomnick', type: 'text-single', label: 'Nickname' }).root()])
    const page = await suite.open()
    const sent: string[] = []
    page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => { if (String(payload).includes('xmpp.register.set')) sent.push(String(payload)) }))
    try {
      const user = await newAccount('web-a11y', 'pw-a11y-1')
      await page.reload()
      await logIn(page, user, 'pw-a11y-1')
      await page.fill('#room-jid', service.jid)
      await page.click('#room-fetch')
      await page.locator('#room-form-container input').fill('Nick')
      await page.dblclick('#room-form-container button[type="submit"]')
      await page.keyboard.press('Enter')
      await page.waitForTimeout(300)
      equal(sent.length, 1)
    } finally {
      service.close()
    }
  })

  it('has a favicon (no request answered 404)', async () => {
    const page = await suite.browser.newPage()
    const missing: string[] = []
    page.on('response', (response) => { if (response.status() === 404) missing.push(response.url()) })
    await page.goto(suite.server.url)
    await page.locator('body[data-ready="true"]').waitFor()
    const icon = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href
      return href === undefined ? 'none' : `${(await fetch(href)).status}`
    })
    await page.close()
    deepStrictEqual({ icon, missing }, { icon: '200', missing: [] })
  })
})
