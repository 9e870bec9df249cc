/// <reference lib="dom" />
// Which pages may use the example's socket.io endpoint (issue 20, point 1): a page on another
// origin, in Chromium, cannot open it, nor can a client sending a foreign `Origin` (or none);
// the page's own origin can, and a configured list replaces the default.
import { deepStrictEqual, equal } from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { io } from 'socket.io-client'

import { startExampleServer } from '../../examples/web/server'
import { exampleSuite } from './example-page'

/** Connects with `origin` (none when undefined); resolves with what `account.get` answered, or the refusal. */
const tryConnect = (url: string, origin: string | undefined): Promise<string> => new Promise((resolve) => {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: origin === undefined ? {} : { origin } })
  socket.once('connect_error', (error) => { socket.close(); resolve(`refused: ${error.message}`) })
  socket.once('connect', () => {
    socket.emit('xmpp.register.account.cancel', {}, (error: unknown) => { socket.close(); resolve(`answered: ${JSON.stringify(error)}`) })
  })
})

describe('example web server: the socket.io handshake checks Origin', function () {
  this.timeout(30000)
  const suite = exampleSuite()
  let other: Server

  before(async () => {
    other = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'))
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  })
  after(() => { other?.close() })

  it('refuses a foreign Origin and a request without one; answers the page’s own origin', async () => {
    const own = suite.server.url.replace(/\/$/, '')
    deepStrictEqual([
      await tryConnect(suite.server.url, 'https://evil.example'),
      await tryConnect(suite.server.url, undefined),
      await tryConnect(suite.server.url, own),
      await tryConnect(suite.server.url, own.replace('127.0.0.1', 'localhost'))
    ], ['refused: websocket error', 'refused: websocket error', 'answered: null', 'answered: null'])
  })

  it('a page on another origin in Chromium cannot open the socket; the example page can', async () => {
    const page = await suite.browser.newPage()
    try {
      const open = (url: string): Promise<string> => page.evaluate((target) => new Promise<string>((resolve) => {
        const socket = new WebSocket(target)
        socket.onopen = () => { socket.close(); resolve('open') }
        socket.onerror = () => resolve('refused')
      }), url)
      const endpoint = `${suite.server.url.replace('http:', 'ws:')}socket.io/?EIO=4&transport=websocket`
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`)
      equal(await open(endpoint), 'refused')
      await page.goto(suite.server.url)
      equal(await open(endpoint), 'open')
    } finally {
      await page.close()
    }
  })

  it('a configured list of origins replaces the default', async () => {
    const proxied = await startExampleServer({ port: 0, xmppPort: 1, origins: ['https://accounts.example.org'] })
    try {
      deepStrictEqual([
        await tryConnect(proxied.url, 'https://accounts.example.org'),
        await tryConnect(proxied.url, proxied.url.replace(/\/$/, '')),
        await tryConnect(proxied.url, 'https://evil.example')
      ], ['answered: null', 'refused: websocket error', 'refused: websocket error'])
    } finally {
      await proxied.close()
    }
  })

  it('refuses a list entry that is not an origin when it starts', async () => {
    const refused = await startExampleServer({ port: 0, xmppPort: 1, origins: ['https://example.org/path'] }).then(async (s) => { await s.close(); return 'started' }, (e: Error) => e.message)
    equal(refused, "origins: 'https://example.org/path' is not an origin such as https://example.org")
  })
})
