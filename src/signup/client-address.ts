/**
 * Who a sign-up's client is (issue 16: per-browser limits of the sign-up before login, XEP-0077
 * In-Band Registration). Through the gateway every sign-up reaches the XMPP server from the
 * gateway's own address, so the limits count per browser address instead: IPv4 per address,
 * IPv6 per prefix (a /64 by default), behind reverse proxies the `X-Forwarded-For` entry that
 * the operator's trusted proxies vouch for (npm `proxy-addr`, as Express reads it).
 */
import type { IncomingHttpHeaders } from 'node:http'
import { isIP } from 'node:net'

import proxyAddr from 'proxy-addr'

/** An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`). */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i

/** The 8 groups of an IPv6 address without zone, or undefined when it is none. */
const ipv6Groups = (address: string): number[] | undefined => {
  let text = address
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
  const tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (tail !== null) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const part = (s: string): string[] => (s === '' ? [] : s.split(':'))
  const head = part(halves[0] ?? '')
  const rest = halves.length === 2 ? part(halves[1] ?? '') : []
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return undefined
  const groups = [...head, ...Array<string>(fill).fill('0'), ...rest].map((g) => parseInt(g, 16))
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined
}

/** RFC 5952 text of 8 groups: the longest run of two or more zero groups (the first of equal ones) as `::`. */
const formatIpv6 = (groups: number[]): string => {
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/** The IPv6 prefix a client is counted by unless the operator sets `limits.ipv6Prefix`. */
export const DEFAULT_IPV6_PREFIX = 64

/**
 * The key a client's sign-ups count under, or undefined when `address` is no IP address: an
 * IPv4 address as it is (an IPv4-mapped IPv6 address as its IPv4 address); an IPv6 address
 * masked to its first `ipv6Prefix` bits and written `2001:db8:1:2::/64` (one host or household
 * usually has a whole /64, so counting single IPv6 addresses would let it sign up without end).
 * A zone (`%eth0`) is dropped.
 */
export const clientKey = (address: unknown, ipv6Prefix = DEFAULT_IPV6_PREFIX): string | undefined => {
  if (typeof address !== 'string') return undefined
  const bare = address.replace(/%.*$/s, '')
  const family = isIP(bare)
  if (family === 4) return bare
  if (family !== 6) return undefined
  const mapped = IPV4_MAPPED.exec(bare)
  if (mapped !== null && isIP(mapped[1]!) === 4) return mapped[1]
  const groups = ipv6Groups(bare)
  if (groups === undefined) return undefined
  const masked = groups.map((g, i) => {
    const bits = Math.min(16, Math.max(0, ipv6Prefix - 16 * i))
    return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff)
  })
  return `${formatIpv6(masked)}/${ipv6Prefix}`
}

/**
 * Which proxies' `X-Forwarded-For` is believed: `false` (none, the default), proxy-addr's
 * forms (`'loopback'`, `'uniquelocal'`, addresses and CIDRs, or a list of them), or a function
 * `(address, hop) => boolean`.
 */
export type TrustedProxies = false | string | readonly string[] | ((address: string, hop: number) => boolean)

/** What the helper reads of a socket.io server socket (`socket.request` is the handshake's request). */
export interface SocketIoLike {
  handshake: { address: string; headers: IncomingHttpHeaders }
  request?: { headers: IncomingHttpHeaders }
}

type Trust = (address: string, hop: number) => boolean

/** Compiles a trust setting once (proxy-addr's `compile`); `false` trusts no proxy. */
export const compileTrust = (trust: TrustedProxies): Trust => {
  if (trust === false) return () => false
  if (typeof trust === 'function') return trust as Trust
  return proxyAddr.compile(typeof trust === 'string' ? trust : [...trust])
}

/**
 * The address of the browser behind a socket.io socket, for the sign-up's `clientAddress`: the
 * handshake's peer address, or the `X-Forwarded-For` entry the trusted proxies vouch for
 * (proxy-addr walks the list from the peer back while each hop is trusted). A trusted proxy
 * that forwarded something that is no IP address is not believed: the peer's address is taken.
 * Compile `trust` once with {@link compileTrust} when it is a list.
 */
export const socketIoClientAddress = (socket: SocketIoLike, trust: TrustedProxies = false): string => {
  const peer = socket.handshake.address
  const headers = socket.request?.headers ?? socket.handshake.headers
  const request = { headers, socket: { remoteAddress: peer }, connection: { remoteAddress: peer } }
  const address = proxyAddr(request as unknown as Parameters<typeof proxyAddr>[0], compileTrust(trust))
  return isIP(address.replace(/%.*$/s, '')) === 0 ? peer : address
}
