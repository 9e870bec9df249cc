/// <reference lib="dom" />
// The web server going away under the example page (issue 20, point 4): the loss is shown at
// once, every waiting call settles with an error in words (no button left busy, no "Creating
// the account…" for good), the sign-up queue resets, socket.io reconnects when the server is
// back, and the page is usable again: log in again, or start the sign-up again.
import { deepStrictEqual } from 'node:assert/strict'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

import type { Page } from 'playwright-core'

import { startExampleServer } from '../../examples/web/server'
import { TLS_PROSODY } from '../integration/prosody'
import { exampleSuite, hostileService, logIn, newAccount, waitText } from './example-page'

const LOST = 'Connection to the web server lost — reconnecting'

describe('example web page: the web server goes away and comes back', function () {
  this.timeout(30000)
  const suite = exampleSuite({ prosody: true })
  /** An "XMPP server" that accepts connections and never says a word. */
  let silent: Server
  const held: Socket[] = []

  before(async () => {
    silent = createServer((socket) => { held.push(socket) })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  })
  after(() => {
    for (const socket of held) socket.destroy()
    silent?.close()
  })

  /** Stops the example server; `back` starts it again on the same port, pinned to `xmppPort`. */
  const stop = async (): Promise<{ back(xmppPort?: number): Promise<void> }> => {
    const port = Number(new URL(suite.server.url).port)
    await suite.server.close()
    return {
      back: async (xmppPort = TLS_PROSODY.port) => {
        suite.server = await startExampleServer({ port, xmppHost: 'localhost', xmppPort, ca: TLS_PROSODY.pem('PROSODY_CA'), signup: { limits: false } })
      }
    }
  }
  /** The status line, the login and sign-up sections shown, and the buttons left disabled. */
  const view = (page: Page): Promise<{ status: string; login: boolean; signup: boolean; busy: string[] }> => page.evaluate(() => ({
    status: document.getElementById('status')!.textContent ?? '',
    login: !document.getElementById('login-section')!.hidden,
    signup: !document.getElementById('signup-section')!.hidden,
    busy: Array.from(document.querySelectorAll('button:disabled')).map((button) => button.id || button.textContent || '')
  }))

  it('logged in, a call waiting: the loss shown at once, the call settled; back: log in again', async () => {
    const page = await suite.open()
    const user = await newAccount('web-lost', 'pw-lost-1')
    // A service that never answers: "Fetch registration form" waits.
    const mute = await hostileService([])
    try {
      await logIn(page, user, 'pw-lost-1')
      await page.fill('#room-jid', mute.jid)
      await page.click('#room-fetch')
      deepStrictEqual(await page.isDisabled('#room-fetch'), true)
      const server = await stop()
      await waitText(page, '#status', LOST)
      deepStrictEqual(await view(page), { status: LOST, login: true, signup: false, busy: [] })
      await waitText(page, '#login-message', `${LOST}.`)
      await server.back()
      await waitText(page, '#login-message', 'Connected to the web server again: log in again.')
      deepStrictEqual(await view(page), { status: 'Offline', login: true, signup: false, busy: [] })
      await logIn(page, user, 'pw-lost-1')
    } finally {
      mute.close()
    }
  })

  it('a sign-up waiting for its form: the loss in words; back: “Start again” shows the form', async () => {
    let server = await stop()
    await server.back((silent.address() as AddressInfo).port)
    const page = await suite.open()
    await page.click('#signup-open')
    await waitText(page, '#signup-message', 'Asking the server what it needs…')
    server = await stop()
    await waitText(page, '#signup-message', `${LOST}.`)
    deepStrictEqual(await view(page), { status: LOST, login: false, signup: true, busy: [] })
    await server.back()
    await waitText(page, '#signup-message', 'Connected to the web server again: start the sign-up again.')
    await page.click('#signup-restart')
    await waitText(page, '#signup-form-container legend', 'Creating a new account')
  })
})
