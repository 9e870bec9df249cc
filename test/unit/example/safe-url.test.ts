// The example page's URL policy: which server-given URLs become links or image sources.
import { deepStrictEqual } from 'node:assert/strict'

import { imageSrc, linkHost, linkHref, MAX_IMAGE_URI } from '../../../examples/web/app/safe-url'

describe('example page: server URLs', () => {
  const PNG = 'data:image/png;base64,iVBORw0KGgo='

  describe('linkHref', () => {
    const CASES: Array<[string, string | undefined]> = [
      // Web and XMPP links stay links, in the browser's normalised form.
      ['https://example.org/a?b=1#c', 'https://example.org/a?b=1#c'],
      ['http://example.org', 'http://example.org/'],
      ['HTTPS://Example.ORG/x', 'https://example.org/x'],
      ['  https://example.org/ \n', 'https://example.org/'],
      ['http://example.org/<script>', 'http://example.org/%3Cscript%3E'],
      ['http:evil.example', 'http://evil.example/'],
      ['xmpp:romeo@montague.lit?register', 'xmpp:romeo@montague.lit?register'],
      ['XMPP:romeo@montague.lit', 'xmpp:romeo@montague.lit'],
      // Script, however it is spelt: case, whitespace, control characters.
      ['javascript:alert(1)', undefined],
      ['JavaScript:alert(1)', undefined],
      ['JAVASCRIPT:alert(1)', undefined],
      [' javascript:alert(1)', undefined],
      ['\tjavascript:alert(1)', undefined],
      ['java\tscript:alert(1)', undefined],
      ['java\nscript:alert(1)', undefined],
      ['java\rscript:alert(1)', undefined],
      ['javascript\t:alert(1)', undefined],
      ['\u0000javascript:alert(1)', undefined],
      ['\u0001javascript:alert(1)', undefined],
      ['\u001fjavascript:alert(1)', undefined],
      ['\u00a0javascript:alert(1)', undefined],
      ['javascript://example.org/%0Aalert(1)', undefined],
      ['vbscript:msgbox(1)', undefined],
      ['VBScript:msgbox(1)', undefined],
      // Other schemes: never links, data: images included.
      ['data:text/html,<script>alert(1)</script>', undefined],
      ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', undefined],
      [PNG, undefined],
      ['file:///etc/passwd', undefined],
      ['blob:https://example.org/0b5e2a1c', undefined],
      ['about:blank', undefined],
      ['ftp://example.org/', undefined],
      ['mailto:romeo@montague.lit', undefined],
      ['cid:sha1+8f35fef110ffc5df08d579a50083ff9308fb6242@bob.xmpp.org', undefined],
      // Relative URLs would resolve against the page: not a server's to give.
      ['/register', undefined],
      ['register.html', undefined],
      ['//evil.example/x', undefined],
      ['?q=1', undefined],
      ['#top', undefined],
      // Garbage.
      ['', undefined],
      ['not a url', undefined],
      ['http://', undefined],
      ['https://[::1', undefined],
      [':', undefined],
      ['%', undefined]
    ]
    for (const [url, expected] of CASES) {
      it(`${JSON.stringify(url)} -> ${String(expected)}`, () => deepStrictEqual(linkHref(url), expected))
    }
  })

  describe('imageSrc', () => {
    const CASES: Array<[string, string | undefined, string | undefined]> = [
      // Never fetched from a server's address (issue 20): tracking, or the browser reaching inside the network.
      ['https://example.org/captcha.png', undefined, undefined],
      ['https://example.org/captcha.png', 'image/png', undefined],
      ['http://192.168.1.1/c.jpg', 'IMAGE/JPEG', undefined],
      [`data:image/png;base64,${'A'.repeat(MAX_IMAGE_URI)}`, 'image/png', undefined],
      [PNG, 'image/png', PNG],
      [PNG, undefined, PNG],
      ['DATA:Image/PNG;base64,iVBORw0KGgo=', undefined, 'data:Image/PNG;base64,iVBORw0KGgo='],
      ['data:image/svg+xml,<svg/>', 'image/svg+xml', 'data:image/svg+xml,<svg/>'],
      // The declared type is not an image: no <img/>.
      ['https://example.org/captcha.png', 'text/html', undefined],
      [PNG, 'text/html', undefined],
      // data: of a type other than an image.
      ['data:text/html,<script>alert(1)</script>', undefined, undefined],
      ['data:text/html,<script>alert(1)</script>', 'image/png', undefined],
      ['data:,hello', 'image/png', undefined],
      ['data:image,x', 'image/png', undefined],
      ['data:application/javascript,alert(1)', 'image/png', undefined],
      // Script and other schemes.
      ['javascript:alert(1)', 'image/png', undefined],
      [' JavaScript:alert(1)', undefined, undefined],
      ['vbscript:msgbox(1)', 'image/png', undefined],
      ['xmpp:romeo@montague.lit', 'image/png', undefined],
      ['cid:sha1+8f35fef110ffc5df08d579a50083ff9308fb6242@bob.xmpp.org', 'image/png', undefined],
      // Relative and garbage.
      ['/captcha.png', 'image/png', undefined],
      ['//evil.example/c.png', 'image/png', undefined],
      ['', 'image/png', undefined],
      ['not a url', undefined, undefined]
    ]
    for (const [uri, type, expected] of CASES) {
      it(`${JSON.stringify(uri.slice(0, 50))} (${String(type)}) -> ${String(expected)}`, () => deepStrictEqual(imageSrc(uri, type), expected))
    }
  })

  describe('linkHost', () => {
    const CASES: Array<[string, string | undefined]> = [
      ['https://evil.example/reset-password', 'evil.example'],
      ['HTTP://Example.ORG:8443/x', 'example.org:8443'],
      ['https://localhost.evil.example/', 'localhost.evil.example'],
      ['xmpp:room@conference.example.org?join', 'room@conference.example.org'],
      ['xmpp:example.org?register', 'example.org'],
      ['javascript:alert(1)', undefined],
      ['not a url', undefined]
    ]
    for (const [url, expected] of CASES) it(`${url} -> ${String(expected)}`, () => deepStrictEqual(linkHost(url), expected))
  })
})
