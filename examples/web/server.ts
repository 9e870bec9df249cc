// The example's web server: one page and a socket.io endpoint. Each browser connection gets
// its own xmpp-ftw `Xmpp` with the Register plugin, pinned to the project's local Prosody.
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

import { build } from 'esbuild'
import { Server as SocketIoServer } from 'socket.io'

import Register = require('../../src')
import { RoomJoin } from './room-plugin'
import { socketIoAdapter } from './socket-adapter'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Xmpp } = require('xmpp-ftw') as { Xmpp: new (socket: unknown) => { addListener(l: unknown): void } }

export interface ExampleOptions {
  /** HTTP port (0: any free one). */
  port?: number
  /** The XMPP server every login goes to. */
  xmppHost?: string
  xmppPort?: number
  /** The XMPP domain shown on the page and used for logins. */
  domain?: string
  /** The MUC service shown on the page. */
  muc?: string
}

export interface ExampleServer {
  url: string
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

export const startExampleServer = async (options: ExampleOptions = {}): Promise<ExampleServer> => {
  const xmppHost = options.xmppHost ?? '127.0.0.1'
  const xmppPort = options.xmppPort ?? Number(process.env.PROSODY_PORT ?? 15222)
  const domain = options.domain ?? 'localhost'
  const muc = options.muc ?? `conference.${domain}`
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', await readFile(join(publicDir, 'index.html'), 'utf8')],
    '/style.css': ['text/css; charset=utf-8', await readFile(join(publicDir, 'style.css'), 'utf8')],
    '/app.js': ['text/javascript; charset=utf-8', await bundle()],
    '/config.json': ['application/json', JSON.stringify({ domain, muc })]
  }
  const http: Server = createServer((request, response) => {
    const file = files[(request.url ?? '/').split('?')[0]!]
    if (request.method !== 'GET' || file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      return
    }
    response.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1])
  })
  const io = new SocketIoServer(http, { serveClient: false })
  io.on('connection', (socket) => {
    // Browsers choose the account, never the server: logins go to our own XMPP server.
    const pin = (event: string, data: unknown): unknown => {
      if (event !== 'xmpp.login' || typeof data !== 'object' || data === null) return data
      const { jid, password, register } = data as { jid?: unknown; password?: unknown; register?: unknown }
      const local = typeof jid === 'string' ? jid.split('@')[0] : jid
      return { jid: `${String(local)}@${domain}`, password, register: register === true, host: xmppHost, port: xmppPort }
    }
    const xmpp = new Xmpp(socketIoAdapter(socket, pin))
    xmpp.addListener(new Register())
    xmpp.addListener(new RoomJoin())
  })
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => {
      io.close()
      http.close(() => resolve())
      http.closeAllConnections()
    })
  }
}
