// The example server's Origin check (pure parts).
import { deepStrictEqual, equal, throws } from 'node:assert/strict'

import { allowedOrigins, originAllowed, originOf, ownOrigins } from '../../../examples/web/origin'

describe('example server: allowed origins', () => {
  it('reads an http(s) origin, and nothing else', () => {
    deepStrictEqual(['HTTPS://Example.ORG:443/x', 'http://127.0.0.1:8080', 'null', 'file:///etc', 'javascript:1', ''].map(originOf),
      ['https://example.org', 'http://127.0.0.1:8080', undefined, undefined, undefined, undefined])
  })

  it('allows only listed origins, from a string Origin header', () => {
    const allowed = allowedOrigins([...ownOrigins(8080), 'https://Accounts.example.org/'])
    const ask = (origin: unknown): boolean => originAllowed({ headers: { origin } as never }, allowed)
    deepStrictEqual([ask('http://127.0.0.1:8080'), ask('http://localhost:8080'), ask('https://accounts.example.org'),
      ask('http://127.0.0.1:8081'), ask('https://evil.example'), ask('null'), ask(undefined), ask(['http://127.0.0.1:8080'])],
    [true, true, true, false, false, false, false, false])
  })

  // A browser's same-origin GET (the page's own long-polling handshake) carries no Origin: it
  // failed before (every polling page was refused, issue 17's polling-only cluster test).
  it('without an Origin, allows only a browser-marked same-origin request to an allowed host', () => {
    const allowed = allowedOrigins([...ownOrigins(8080), 'https://accounts.example.org'])
    const ask = (headers: Record<string, unknown>): boolean => originAllowed({ headers } as never, allowed)
    deepStrictEqual([
      ask({ host: '127.0.0.1:8080', 'sec-fetch-site': 'same-origin' }),
      ask({ host: 'accounts.example.org', 'sec-fetch-site': 'same-origin' }),
      ask({ host: '127.0.0.1:8080' }),
      ask({ host: '127.0.0.1:8080', 'sec-fetch-site': 'cross-site' }),
      ask({ host: 'evil.example:8080', 'sec-fetch-site': 'same-origin' }),
      ask({ 'sec-fetch-site': 'same-origin' }),
      ask({ host: '127.0.0.1:8080', 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' })
    ], [true, true, false, false, false, false, false])
  })

  it('refuses entries that are not origins', () => {
    for (const entry of ['https://example.org/path', 'example.org', 'ftp://example.org', '*']) {
      throws(() => allowedOrigins([entry]), { message: `origins: '${entry}' is not an origin such as https://example.org` })
    }
    equal(allowedOrigins([]).size, 0)
  })
})
