// Who a sign-up's client is (issue 16): client keys (IPv4, IPv4-mapped, IPv6 per prefix,
// RFC 5952 text), and the socket.io helper on a real socket.io server, believing
// X-Forwarded-For only from trusted proxies, over websocket and polling.
import { deepStrictEqual } from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { Server, type Socket } from 'socket.io'
import { io as connect } from 'socket.io-client'

import { clientKey, socketIoClientAddress } from '../../../src/signup/client-address'

const KEYS: Array<[unknown, number | undefined, string | undefined]> = [
  ['203.0.113.7', undefined, '203.0.113.7'],
  ['::ffff:203.0.113.7', undefined, '203.0.113.7'],
  ['::FFFF:203.0.113.7', undefined, '203.0.113.7'],
  ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', undefined, '2001:db8:1:2::/64'],
  ['2001:0DB8:0001:0002::1', undefined, '2001:db8:1:2::/64'],
  ['2001:db8:1:3::1', undefined, '2001:db8:1:3::/64'],
  ['2001:db8:1:2ff::1', 56, '2001:db8:1:200::/56'],
  ['2001:db8::1', 128, '2001:db8::1/128'],
  ['2001:db8:0:0:1:0:0:1', 128, '2001:db8::1:0:0:1/128'],
  ['1:0:0:2:0:0:0:3', 128, '1:0:0:2::3/128'],
  ['fe80::1%eth0', undefined, 'fe80::/64'],
  ['::1', undefined, '::/64'],
  ['2001:db8::1', 0, '::/0'],
  ['', undefined, undefined],
  ['garbage', undefined, undefined],
  ['1.2.3', undefined, undefined],
  ['1::2::3', undefined, undefined],
  ['12345::1', undefined, undefined],
  [42, undefined, undefined],
  [undefined, undefined, undefined]
]

describe('client keys of the sign-up limits', () => {
  for (const [address, prefix, expected] of KEYS) {
    it(`${JSON.stringify(address)}${prefix === undefined ? '' : ` /${prefix}`} → ${String(expected)}`, () => {
      deepStrictEqual(clientKey(address, prefix), expected)
    })
  }
})

describe('socketIoClientAddress on a real socket.io server', () => {
  let url = ''
  let io: Server
  const waiting: Array<(socket: Socket) => void> = []
  before(async () => {
    const http = createServer()
    io = new Server(http)
    io.on('connection', (socket) => waiting.shift()?.(socket))
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  })
  after(async () => {
    await io.close()
  })

  const handshake = async (xff: string | undefined, transport: 'websocket' | 'polling'): Promise<Socket> => {
    const got = new Promise<Socket>((resolve) => waiting.push(resolve))
    const client = connect(url, { transports: [transport], extraHeaders: xff === undefined ? {} : { 'x-forwarded-for': xff } })
    const socket = await got
    client.close()
    return socket
  }

  for (const transport of ['websocket', 'polling'] as const) {
    it(`X-Forwarded-For is believed only from trusted proxies (${transport})`, async () => {
      const seen: string[] = []
      let s = await handshake('198.51.100.7', transport)
      seen.push(socketIoClientAddress(s), socketIoClientAddress(s, false), socketIoClientAddress(s, 'loopback'))
      s = await handshake('10.9.9.9, 198.51.100.7', transport)
      seen.push(socketIoClientAddress(s, ['loopback']), socketIoClientAddress(s, ['loopback', '198.51.100.0/24']))
      s = await handshake('2001:db8:1:2::99', transport)
      seen.push(socketIoClientAddress(s, 'loopback'))
      s = await handshake('not-an-ip', transport)
      seen.push(socketIoClientAddress(s, 'loopback'))
      s = await handshake(undefined, transport)
      seen.push(socketIoClientAddress(s, (a) => a === '127.0.0.1'))
      deepStrictEqual(seen, [
        '127.0.0.1', '127.0.0.1', '198.51.100.7', // untrusted peer by default and with false; trusted loopback
        '198.51.100.7', // the entry before an untrusted hop (the browser's own claim) is ignored
        '10.9.9.9',
        '2001:db8:1:2::99',
        '127.0.0.1', // a trusted proxy forwarding no IP address: the proxy's own
        '127.0.0.1'
      ])
    })
  }
})
