// Pages that sign up before login (the sign-up events attached to an offline xmpp-ftw of one
// version), with the mocha hooks that close each test's pages and then check that nothing
// (socket, timer, sign-up stream) is left open.
import { equal } from 'node:assert/strict'

import { signupStreamCount } from '../../src/signup/stream'
import { assertNothingLeft, snapshot } from '../support/handles'
import { loadRegister } from '../support/host'
import { Browser } from './browser'

/**
 * Installs the hooks in the calling `describe` and returns `open(options)`: a page that has
 * not logged in, with `Register.attachSignup(xmpp, options)` on its socket.
 */
export const signupPages = (pkg: string): ((options: Record<string, unknown>) => Browser) => {
  const Register = loadRegister(pkg)
  let baseline: Record<string, number> = {}
  const pages: Array<{ browser: Browser; close(): void }> = []

  beforeEach(async () => { baseline = await snapshot() })
  afterEach(async () => {
    for (const page of pages.splice(0)) {
      page.close()
      page.browser.close()
    }
    await assertNothingLeft(baseline, 3000)
    equal(signupStreamCount(), 0)
  })

  return (options) => {
    const browser = Browser.offline(pkg)
    const signup = Register.attachSignup(browser.xmpp as never, { limits: false, ...options } as never)
    pages.push({ browser, close: () => signup.close() })
    return browser
  }
}
