/// <reference lib="dom" />
// Server-given media and links on the example page (issue 20, point 6), from a hostile service
// on the Prosody with STARTTLS required: an http(s) image is never fetched (shown as a link), a
// data: image's size is capped, and a link whose description names another site shows its real host.
import { deepStrictEqual, ok } from 'node:assert/strict'

import { exampleSuite, hostileService, logIn, newAccount, waitText } from './example-page'

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

describe('example web page: server-given media and links', function () {
  this.timeout(30000)
  const suite = exampleSuite({ prosody: true })

  it('fetches no http(s) image, caps image sizes, and shows a link’s real host beside its description', async () => {
    const tracker = `http://127.0.0.1:9/track-${Date.now()}.png`
    const service = await hostileService([
      (iq) => iq.c('query', { xmlns: 'jabber:iq:register' }).c('instructions').t('Reset it at our site.').up()
        .c('x', { xmlns: 'jabber:x:oob' }).c('url').t('https://evil.example/reset-password').up().c('desc').t('https://localhost/reset-password').root(),
      (iq) => {
        const media = iq.c('query', { xmlns: 'jabber:iq:register' }).c('x', { xmlns: 'jabber:x:data', type: 'form' })
          .c('field', { var: 'ocr', type: 'text-single', label: 'Text in the image' }).c('media', { xmlns: 'urn:xmpp:media-element', width: '99999', height: '99999' })
        media.c('uri', { type: 'image/png' }).t(tracker).up().c('uri', { type: 'image/png' }).t(PNG)
        return iq.root()
      }
    ])
    const page = await suite.open()
    const fetched: string[] = []
    page.on('request', (request) => { if (request.url().includes('track-')) fetched.push(request.url()) })
    try {
      const password = 'media-pw-1'
      const user = await newAccount('web-media', password)
      await logIn(page, user, password)
      await page.fill('#room-jid', service.jid)
      await page.click('#room-fetch')
      await waitText(page, '#room-message', 'Reset it at our site.')
      deepStrictEqual(await page.locator('#room-message a').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')])),
        [['https://localhost/reset-password (evil.example)', 'https://evil.example/reset-password']])
      await page.click('#room-fetch')
      await page.locator('#room-form-container .media').waitFor()
      const shown = await page.locator('#room-form-container').evaluate((box) => ({
        images: Array.from(box.querySelectorAll('img')).map((img) => img.getAttribute('src')),
        links: Array.from(box.querySelectorAll('.media a')).map((a) => a.getAttribute('href')),
        tallest: Math.max(...Array.from(box.querySelectorAll('img')).map((img) => img.getBoundingClientRect().height)),
        formHeight: box.getBoundingClientRect().height
      }))
      deepStrictEqual({ ...shown, formHeight: undefined }, { images: [PNG], links: [tracker], tallest: 200, formHeight: undefined })
      ok(shown.formHeight < 600, `form ${shown.formHeight} px tall`)
      deepStrictEqual({ fetched, left: service.left() }, { fetched: [], left: 0 })
    } finally {
      service.close()
    }
  })
})
