// Test-only (issue 16): one xmpp-ftw process of a deployment, started as a child process with
// tsx. A socket.io server on 127.0.0.1 (a free port) whose every connection gets an xmpp-ftw
// `Xmpp` with the sign-up attached for the test Prosody, its limits in the shared Redis. The
// limit settings come from the test, in the socket.io handshake's `auth.limits` (each test its
// own key prefix); the client's address is socketIoClientAddress with the proxies in
// TRUSTED_PROXIES (JSON; false: none). Prints one JSON line per event on stdout:
// `{ "port": N }` when listening, `{ "log": line }` for each line of the limits' log. Ends on
// SIGTERM: closes the sockets, the server and its Redis client.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import Redis from 'ioredis'
import { Server } from 'socket.io'

import Register = require('../../src')
import { socketIoAdapter, type XmppFtwSocket } from '../../examples/web/socket-adapter'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Xmpp } = require('xmpp-ftw') as { Xmpp: new (socket: XmppFtwSocket) => { socket: XmppFtwSocket; addListener(l: unknown): void } }

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`${name} is not set`)
  return value
}

const say = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`)
}

const redis = new Redis({ host: '127.0.0.1', port: Number(env('REDIS_PORT')), enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000 })
// The operator's error listener (without one ioredis prints each failed reconnection).
redis.on('error', () => undefined)
const trusted = JSON.parse(process.env.TRUSTED_PROXIES ?? 'false') as Register.TrustedProxies
const log = (line: string): void => say({ log: line })
const domain = env('XMPP_DOMAIN')
const server = { host: env('XMPP_HOST'), port: Number(env('XMPP_PORT')), tls: 'optional' as const }

const http = createServer()
const io = new Server(http)
io.on('connection', (socket) => {
  const xmpp = new Xmpp(socketIoAdapter(socket))
  xmpp.addListener(new Register())
  const limits = (socket.handshake.auth as { limits?: Register.SignupLimitOptions }).limits ?? {}
  Register.attachSignup(xmpp, {
    domains: { [domain]: server },
    timeout: 5000,
    limits: { ...limits, redis, log },
    clientAddress: Register.socketIoClientAddress(socket, trusted)
  })
})
http.listen(0, '127.0.0.1', () => say({ port: (http.address() as AddressInfo).port }))

process.on('SIGTERM', () => {
  void io.close().then(() => redis.quit()).catch(() => undefined).finally(() => process.exit(0))
})
