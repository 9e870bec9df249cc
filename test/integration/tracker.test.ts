// Logout with a request waiting, over TCP to the project's Prosody through real xmpp-ftw
// 2.0.0 and 1.18.0: the callback gets `disconnected` at once, not the timeout.
import { deepStrictEqual } from 'node:assert/strict'

import { HOSTS } from '../support/host'
import { Browser, uniqueUser } from './browser'
import { startProsody, stopProsody } from './prosody'

const DISCONNECTED = { type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' }

// Root hooks, as in register.test.ts: Prosody is started once and stopped after every file.
before(function () {
  this.timeout(120000)
  startProsody()
})
after(() => stopProsody())

describe('against Prosody: requests waiting at logout', function () {
  this.timeout(20000)

  for (const { version, pkg } of HOSTS) {
    it(`xmpp-ftw ${version}: a request nobody answers gets disconnected when the browser logs out`, async () => {
      const browser = await Browser.login(pkg, uniqueUser('waiter'), 'pw-1', { register: true, timeout: 60000 })
      try {
        const calls: unknown[][] = []
        // An IQ to the session's own full JID comes back to xmpp-ftw as a get, which nobody answers.
        browser.socket.fromBrowser('xmpp.register.get', { to: browser.jid }, (...args: unknown[]) => calls.push(args))
        await new Promise((resolve) => setTimeout(resolve, 300))
        deepStrictEqual(calls, [], 'no reply yet')
        await browser.logout()
        deepStrictEqual(calls, [[DISCONNECTED]])
      } finally {
        browser.close()
      }
    })
  }
})
