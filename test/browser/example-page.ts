/// <reference lib="dom" />
// Shared set-up of the example page's browser tests (issue 20): a Chromium and an example web
// server for the calling describe, pages opened on it, and accounts made without the page.
import { Element } from 'ltx'
import type { Browser, Page } from 'playwright-core'

import { startExampleServer, type ExampleOptions, type ExampleServer } from '../../examples/web/server'
import { Browser as Session, uniqueUser } from '../integration/browser'
import { SERVER, TLS_PROSODY } from '../integration/prosody'
import { launchChromium } from './chromium'

/** The describe's Chromium and example server (set in its before hook). */
export interface ExampleSuite {
  browser: Browser
  server: ExampleServer
  /** A new page on the example (`viewport` width × 1000), once its script is ready. */
  open(width?: number): Promise<Page>
}

/**
 * Hooks of the calling describe: Chromium and the example server (with `options`; on the
 * Prosody with STARTTLS required when `prosody`, else pointed at a port where no XMPP server
 * listens), both closed after, with the pages opened through `open`.
 */
export const exampleSuite = (options: ExampleOptions & { prosody?: boolean } = {}): ExampleSuite => {
  const pages: Page[] = []
  const suite = {
    open: async (width = 900): Promise<Page> => {
      // A context of its own (axe needs one made by newContext).
      const page = await (await suite.browser.newContext({ viewport: { width, height: 1000 } })).newPage()
      pages.push(page)
      await page.goto(suite.server.url)
      await page.locator('body[data-ready="true"]').waitFor()
      return page
    }
  } as ExampleSuite
  before(async function () {
    this.timeout(180000)
    const { prosody, ...rest } = options
    if (prosody === true) TLS_PROSODY.start()
    suite.server = await startExampleServer(prosody === true
      // The sign-up limits are off: every page signs up from 127.0.0.1 (web.test.ts tests them).
      ? { port: 0, xmppHost: 'localhost', xmppPort: TLS_PROSODY.port, ca: TLS_PROSODY.pem('PROSODY_CA'), signup: { limits: false }, ...rest }
      : { port: 0, xmppPort: 1, signup: { limits: false }, ...rest })
    suite.browser = await launchChromium()
  })
  after(async function () {
    this.timeout(30000)
    for (const page of pages.splice(0)) await page.context().close().catch(() => undefined)
    await suite.browser?.close()
    await suite.server?.close()
    if (options.prosody === true) TLS_PROSODY.stop()
  })
  return suite
}

/** Waits until `selector` shows `expected`. */
export const waitText = (page: Page, selector: string, expected: string | RegExp): Promise<void> =>
  page.locator(selector, { hasText: expected }).waitFor({ timeout: 15000 })

/** A new account on the Prosody with STARTTLS required, registered in-band without the page. */
export const newAccount = async (prefix: string, password: string): Promise<string> => {
  const user = uniqueUser(prefix)
  const session = await Session.login('xmpp-ftw', user, password, { register: true, server: { ...SERVER, port: TLS_PROSODY.port } })
  session.close()
  return user
}

/** Logs in on the page and waits until it is online. */
export const logIn = async (page: Page, user: string, password: string): Promise<void> => {
  await page.fill('#login-username', user)
  await page.fill('#login-password', password)
  await page.click('#login-button')
  await waitText(page, '#status', `Online as ${user}@localhost`)
}

/** A service on the Prosody with STARTTLS required: another account's client, answering register gets. */
export interface HostileService {
  /** Its full JID: every register get sent to it is routed to it. */
  jid: string
  /** Replies not used yet. */
  left(): number
  close(): void
}

/**
 * Logs in a client that answers each `jabber:iq:register` get sent to it with the next of
 * `replies` (each given the result IQ to fill in; it may turn it into an error), in order.
 */
export const hostileService = async (replies: Array<(iq: Element) => Element>): Promise<HostileService> => {
  const session = await Session.login('xmpp-ftw', uniqueUser('hostile'), 'hostile-password', { register: true, server: { ...SERVER, port: TLS_PROSODY.port } })
  const client = session.xmpp.client as unknown as { on(event: 'stanza', handler: (stanza: Element) => void): void }
  client.on('stanza', (stanza) => {
    if (!stanza.is('iq') || stanza.attrs.type !== 'get' || !stanza.getChild('query', 'jabber:iq:register')) return
    const reply = replies.shift()
    if (reply) session.raw(reply(new Element('iq', { type: 'result', to: stanza.attrs.from, id: stanza.attrs.id })).root().toString())
  })
  return { jid: session.jid, left: () => replies.length, close: () => session.close() }
}
