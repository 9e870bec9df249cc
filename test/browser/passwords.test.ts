/// <reference lib="dom" />
// Passwords on the example page (issue 20, points 3 and 7), on the Prosody with STARTTLS
// required: emptied from every input on logout, after a password change, after deleting the
// account and after a sign-up; a password change needs the current password and the new one
// twice (the field at fault marked and focused); a failed login with the new password leaves
// the page offline with its message in view.
import { deepStrictEqual } from 'node:assert/strict'

import type { Page } from 'playwright-core'

import { uniqueUser } from '../integration/browser'
import { exampleSuite, logIn, newAccount, waitText } from './example-page'

/** Every non-empty password input's id (or its label), and which element has the focus. */
const passwordsLeft = (page: Page): Promise<string[]> => page.evaluate(() =>
  Array.from(document.querySelectorAll<HTMLInputElement>('input[type="password"]')).filter((input) => input.value !== '').map((input) => input.id))

/** The focused element's id, its aria-invalid and aria-describedby. */
const focused = (page: Page): Promise<[string, string | null, string | null]> => page.evaluate(() => {
  const node = document.activeElement
  return [node?.id ?? '', node?.getAttribute('aria-invalid') ?? null, node?.getAttribute('aria-describedby') ?? null]
})

describe('example web page: passwords are not kept', function () {
  this.timeout(30000)
  const suite = exampleSuite({ prosody: true })

  it('logout empties the login password', async () => {
    const page = await suite.open()
    const user = await newAccount('web-pw', 'pw-one-1')
    await logIn(page, user, 'pw-one-1')
    await page.click('#logout-button')
    await waitText(page, '#status', 'Offline')
    deepStrictEqual(await passwordsLeft(page), [])
  })

  it('a password change checks the current password and the new one twice, then keeps none; a failed login with it stays offline in view', async () => {
    const page = await suite.open()
    const user = await newAccount('web-pw', 'pw-one-1')
    await logIn(page, user, 'pw-one-1')
    const change = async (current: string, next: string, again: string): Promise<void> => {
      await page.fill('#current-password', current)
      await page.fill('#new-password', next)
      await page.fill('#new-password-confirm', again)
      await page.click('#password-button')
    }
    await change('pw-one-1', 'pw-two-2', 'pw-two-X')
    await waitText(page, '#password-message', 'The two new passwords differ: type the same one twice.')
    deepStrictEqual(await focused(page), ['new-password-confirm', 'true', 'password-message'])
    await change('wrong-pw', 'pw-two-2', 'pw-two-2')
    await waitText(page, '#password-message', 'The current password is not right.')
    deepStrictEqual(await focused(page), ['current-password', 'true', 'password-message'])
    await change('pw-one-1', 'pw-two-2', 'pw-two-2')
    await waitText(page, '#password-message', 'Password changed')
    deepStrictEqual(await passwordsLeft(page), [])
    await page.click('#relogin-button')
    await waitText(page, '#login-message', 'Your password was changed: log in with the new one.')
    deepStrictEqual([await page.inputValue('#login-username'), (await focused(page))[0]], [user, 'login-password'])
    // A failed login with it: offline, the message in view, the password field marked.
    await page.fill('#login-password', 'pw-one-1')
    await page.click('#login-button')
    await waitText(page, '#login-message', 'Wrong username or password')
    deepStrictEqual([await page.locator('#login-message').isVisible(), await page.innerText('#status')], [true, 'Offline'])
    deepStrictEqual(await focused(page), ['login-password', 'true', 'login-message'])
    await logIn(page, user, 'pw-two-2')
  })

  it('deleting the account empties every password', async () => {
    const page = await suite.open()
    const user = await newAccount('web-pw', 'pw-one-1')
    await logIn(page, user, 'pw-one-1')
    await page.fill('#current-password', 'typed-but-not-sent')
    await page.click('#delete-button')
    await page.click('#delete-yes')
    await waitText(page, '#login-message', 'was deleted')
    deepStrictEqual(await passwordsLeft(page), [])
  })

  it('a sign-up leaves no password behind, and no form', async () => {
    const page = await suite.open()
    const user = uniqueUser('web-pw-signup')
    await page.click('#signup-open')
    const input = async (label: string) => page.locator(`#${await page.locator('#signup-form-container label', { hasText: new RegExp(`^${label}$`) }).getAttribute('for')}`)
    await page.locator('#signup-form-container legend').waitFor({ timeout: 15000 })
    await (await input('Username')).fill(user)
    await (await input('Password')).fill('pw-signup-1')
    await (await input('Password again')).fill('pw-signup-1')
    await page.click('#signup-form-container button[type="submit"]')
    await waitText(page, '#status', `Online as ${user}@localhost`)
    deepStrictEqual([await passwordsLeft(page), await page.locator('#signup-form-container *').count()], [[], 0])
  })
})
