// The example's web server: one page and a socket.io endpoint. Each browser connection gets
// its own xmpp-ftw `Xmpp` with the Register plugin and its sign-up before login, both pinned to
// one XMPP server: sign-ups go only to the configured domain, logins only to that server, over
// STARTTLS with its certificate verified.
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

import { build } from 'esbuild'
import { Server as SocketIoServer } from 'socket.io'

import Register = require('../../src')
import { allowedOrigins, originAllowed, ownOrigins } from './origin'
import { RoomJoin } from './room-plugin'
import { exampleSignupOptions } from './signup-options'
import { socketIoAdapter, type XmppFtwSocket } from './socket-adapter'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Xmpp } = require('xmpp-ftw') as { Xmpp: new (socket: XmppFtwSocket) => { socket: XmppFtwSocket; addListener(l: unknown): void } }

export interface ExampleOptions {
  /** HTTP port (0: any free one). */
  port?: number
  /**
   * The XMPP server every sign-up and login goes to (default `localhost`: a certificate is
   * verified for the name connected to, and the test certificate is for `localhost` only).
   */
  xmppHost?: string
  xmppPort?: number
  /** The CA (PEM) that signed the XMPP server's certificate (default: the system's CAs). */
  ca?: string | Buffer
  /** The XMPP domain shown on the page, signed up for and logged in to. */
  domain?: string
  /** The MUC service shown on the page. */
  muc?: string
  /**
   * The page origins (`https://example.org`) allowed to open the socket.io endpoint; any other
   * `Origin` is refused at the handshake. Default: this server's own page
   * (`http://127.0.0.1:<port>` and `http://localhost:<port>`). Behind a proxy, list the public origin.
   */
  origins?: string[]
  /** Limits of the sign-up (idle timeout, streams, stanza size, reply timeout): see the README. */
  signup?: Omit<Register.SignupOptions, 'domains'>
  /**
   * The socket.io transports the server accepts; the page uses websocket when it is one of
   * them, else long-polling (default: both, the page on websocket).
   */
  transports?: Array<'websocket' | 'polling'>
}

export interface ExampleServer {
  url: string
  close(): Promise<void>
}

/**
 * The example's HTTP server and socket.io server, not listening: `startExampleServer` listens
 * on a port; a cluster worker (`./cluster-worker.ts`) gets its connections from the primary
 * instead (`@socket.io/sticky`), with a socket.io adapter shared by the workers.
 */
export interface ExampleApp {
  http: Server
  io: SocketIoServer
  /**
   * Tells the app the port its page is served on, for the default origins (the page's own):
   * until then, with no `origins` given, every handshake is refused.
   */
  servedOn(port: number): void
  /** Disconnects every browser (their XMPP sessions and sign-ups end) and closes the HTTP server. */
  close(): Promise<void>
}

const publicDir = join(__dirname, 'public')

/** Bundles the page's TypeScript (with socket.io-client) in memory. */
const bundle = async (): Promise<string> => {
  const result = await build({
    entryPoints: [join(__dirname, 'app', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    logLevel: 'silent'
  })
  return result.outputFiles[0]!.text
}

/** The example's servers, not listening (see {@link ExampleApp}). */
export const createExampleApp = async (options: ExampleOptions = {}): Promise<ExampleApp> => {
  const xmppHost = options.xmppHost ?? 'localhost'
  const xmppPort = options.xmppPort ?? 5222
  const { ca } = options
  const domain = options.domain ?? 'localhost'
  const muc = options.muc ?? `conference.${domain}`
  const transports = options.transports ?? ['websocket', 'polling']
  if (transports.length === 0) throw new Error('transports: at least one')
  const transport = transports.includes('websocket') ? 'websocket' : 'polling'
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', await readFile(join(publicDir, 'index.html'), 'utf8')],
    '/style.css': ['text/css; charset=utf-8', await readFile(join(publicDir, 'style.css'), 'utf8')],
    '/favicon.svg': ['image/svg+xml', await readFile(join(publicDir, 'favicon.svg'), 'utf8')],
    '/app.js': ['text/javascript; charset=utf-8', await bundle()],
    '/config.json': ['application/json', JSON.stringify({ domain, muc, transport })]
  }
  const http: Server = createServer((request, response) => {
    const file = files[(request.url ?? '/').split('?')[0]!]
    if (request.method !== 'GET' || file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      return
    }
    response.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1])
  })
  // Known once the port is (port 0 is any free one); checked now when given.
  let allowed = options.origins === undefined ? undefined : allowedOrigins(options.origins)
  const io = new SocketIoServer(http, {
    serveClient: false,
    transports,
    allowRequest: (request, answer) => {
      const ok = allowed !== undefined && originAllowed(request, allowed)
      answer(ok ? null : 'origin not allowed', ok)
    }
  })
  const signup = exampleSignupOptions({ domain, xmppHost, xmppPort, ...(ca === undefined ? {} : { ca }), ...(options.signup === undefined ? {} : { signup: options.signup }) })
  // Browsers choose the account, never the server: logins go to our own XMPP server, over
  // STARTTLS (node-xmpp-client verifies the certificate only with rejectUnauthorized).
  const tls = { rejectUnauthorized: true, ...(ca === undefined ? {} : { credentials: { ca } }) }
  const pin = (event: string, data: unknown): unknown => {
    if (event !== 'xmpp.login' || typeof data !== 'object' || data === null) return data
    const { jid, password } = data as { jid?: unknown; password?: unknown }
    const local = typeof jid === 'string' ? jid.split('@')[0] : jid
    return { jid: `${String(local)}@${domain}`, password, host: xmppHost, port: xmppPort, ...tls }
  }
  io.on('connection', (socket) => {
    const xmpp = new Xmpp(socketIoAdapter(socket, pin))
    xmpp.addListener(new Register())
    xmpp.addListener(new RoomJoin())
    // Sign-up before login: closed with the socket (and on cancel, idle, success or login).
    // The per-client limits count by the browser's address (no proxy in front of the example).
    Register.attachSignup(xmpp, { ...signup, clientAddress: Register.socketIoClientAddress(socket) })
  })
  return {
    http,
    io,
    servedOn: (port) => { allowed ??= allowedOrigins(ownOrigins(port)) },
    close: () => new Promise<void>((resolve) => {
      io.close()
      // A worker's server never listened: its connections came from the primary.
      if (!http.listening) {
        resolve()
        return
      }
      http.close(() => resolve())
      http.closeAllConnections()
    })
  }
}

/** The example in this process, listening on 127.0.0.1:`port`. */
export const startExampleServer = async (options: ExampleOptions = {}): Promise<ExampleServer> => {
  const app = await createExampleApp(options)
  await new Promise<void>((resolve) => app.http.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = app.http.address() as AddressInfo
  app.servedOn(port)
  return { url: `http://127.0.0.1:${port}/`, close: app.close }
}
