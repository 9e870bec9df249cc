// Which web pages may open the example's socket.io endpoint. A browser sends the `Origin` of
// the page that opens a WebSocket, and any site the user visits can open one to the gateway:
// without this check, evil.example could create accounts or try logins through it. The
// handshake is refused unless the Origin is one of the allowed ones: by default the page's own
// (the server's URL, as 127.0.0.1 and as localhost); an operator behind a proxy lists the public
// origin(s) instead (`ExampleOptions.origins`). A browser sends no Origin on a same-origin GET,
// such as the long-polling handshake of the page itself: such a request is allowed only when the
// browser marks it same-origin (`Sec-Fetch-Site`, which no page can set) and its `Host` names an
// allowed origin (a DNS-rebound name does not). Any other request without an Origin (not a
// browser) is refused. Pure functions, unit-tested in Node.
import type { IncomingMessage } from 'node:http'

/**
 * The origin (`scheme://host[:port]`, lower case, default port dropped) of `url`, or undefined
 * when it is not an absolute http(s) URL.
 */
export const originOf = (url: string): string | undefined => {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined
  } catch {
    return undefined
  }
}

/** The default allowed origins of a server listening on 127.0.0.1:`port`: its page, by address and by name. */
export const ownOrigins = (port: number): string[] => [`http://127.0.0.1:${port}`, `http://localhost:${port}`]

/**
 * The origins in `list` normalised (as {@link originOf}); throws at start-up for an entry that
 * is not an http(s) origin, so that a typo does not silently lock every page out (or in).
 */
export const allowedOrigins = (list: readonly string[]): ReadonlySet<string> => new Set(list.map((entry) => {
  const origin = originOf(entry)
  if (origin === undefined || origin !== entry.replace(/\/$/, '').toLowerCase()) {
    throw new Error(`origins: '${entry}' is not an origin such as https://example.org`)
  }
  return origin
}))

/**
 * Whether a handshake request comes from an allowed page: its `Origin` header is one of
 * `allowed`, or (a browser's same-origin GET, which carries none) the browser says
 * `Sec-Fetch-Site: same-origin` and its `Host` is one of `allowed`.
 */
export const originAllowed = (request: Pick<IncomingMessage, 'headers'>, allowed: ReadonlySet<string>): boolean => {
  const header = request.headers.origin
  if (typeof header === 'string') {
    const origin = originOf(header)
    return origin !== undefined && allowed.has(origin)
  }
  const { host } = request.headers
  if (request.headers['sec-fetch-site'] !== 'same-origin' || typeof host !== 'string') return false
  // The page's scheme is not in the request (behind a TLS proxy it is https): either one.
  return ['http', 'https'].some((scheme) => {
    const own = originOf(`${scheme}://${host}`)
    return own !== undefined && allowed.has(own)
  })
}
