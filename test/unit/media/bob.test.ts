// XEP-0231 Bits of Binary, pure: the <data/> element, the §3 request and reply, and cid:
// media URIs becoming data: URIs. Table-driven over the XEP's examples and hand-made edges.
import { deepStrictEqual, equal } from 'node:assert/strict'
import { createHash } from 'node:crypto'

import {
  bobDataIn,
  buildBobRequest,
  contentId,
  DEFAULT_MAX_BOB_BYTES,
  mediaContentIds,
  parseBobData,
  parseBobReply,
  withBobImages,
  type BobData
} from '../../../src/media/bob'
import { parseDataForm } from '../../../src/forms/data-form'
import type { DataForm } from '../../../src/core/types'
import { canonical, example, recorded, xml } from '../../support/fixtures'

const CID = 'sha1+8f35fef110ffc5df08d579a50083ff9308fb6242@bob.xmpp.org'
/** XEP-0231 Ex 3/4's base64, its line breaks ("for readability only") removed. */
const EX4_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAABGdBTUEAALGPC/xhBQAAAAlwSFlzAAALEwAACxMBAJqcGAAAAAd0SU1FB9YGARc5KB0XV+IAAAAddEVYdENvbW1lbnQAQ3JlYXRlZCB3aXRoIFRoZSBHSU1Q72QlbgAAAF1JREFUGNO9zL0NglAAxPEfdLTs4BZM4DIO4C7OwQg2JoQ9LE1exdlYvBBeZ7jqch9//q1uH4TLzw4d6+ErXMMcXuHWxId3KOETnnXXV6MJpcq2MLaI97CER3N0vr4MkhoXe0rZigAAAABJRU5ErkJggg=='
const EX4_DATA: BobData = { cid: CID, base64: EX4_BASE64, type: 'image/png', maxAge: 86400 }

const data = (body: string, attrs = "cid='a@bob.xmpp.org' type='image/png'"): ReturnType<typeof xml> =>
  xml(`<data xmlns='urn:xmpp:bob' ${attrs}>${body}</data>`)

describe('XEP-0231 Bits of Binary', () => {
  describe('parseBobData', () => {
    it('reads XEP-0231 Ex 4 (the data element) whole', () => {
      deepStrictEqual(parseBobData(example('0231', 4), DEFAULT_MAX_BOB_BYTES), EX4_DATA)
    })

    const CASES: Array<[string, ReturnType<typeof xml>, number, BobData | undefined]> = [
      ['one byte', data('AA=='), 1, { cid: 'a@bob.xmpp.org', base64: 'AA==', type: 'image/png' }],
      ['two bytes', data('AAE='), 2, { cid: 'a@bob.xmpp.org', base64: 'AAE=', type: 'image/png' }],
      ['three bytes, no padding', data('AAEC'), 3, { cid: 'a@bob.xmpp.org', base64: 'AAEC', type: 'image/png' }],
      ['XML white space between characters', data(' AA\r\n\tEC '), 3, { cid: 'a@bob.xmpp.org', base64: 'AAEC', type: 'image/png' }],
      ['type in capitals is lowercased', data('AAEC', "cid='a@bob.xmpp.org' type='Image/PNG'"), 3, { cid: 'a@bob.xmpp.org', base64: 'AAEC', type: 'image/png' }],
      ['no type', data('AAEC', "cid='a@bob.xmpp.org'"), 3, { cid: 'a@bob.xmpp.org', base64: 'AAEC' }],
      ['a type with parameters is not taken', data('AAEC', "cid='a@bob.xmpp.org' type='image/png; x=1'"), 3, { cid: 'a@bob.xmpp.org', base64: 'AAEC' }],
      ['max-age 0', data('AAEC', "cid='a@bob.xmpp.org' max-age='0'"), 3, { cid: 'a@bob.xmpp.org', base64: 'AAEC', maxAge: 0 }],
      ['malformed max-age counts as 0', data('AAEC', "cid='a@bob.xmpp.org' max-age='-5'"), 3, { cid: 'a@bob.xmpp.org', base64: 'AAEC', maxAge: 0 }],
      ['exactly the cap', data('AAEC'), 3, { cid: 'a@bob.xmpp.org', base64: 'AAEC', type: 'image/png' }],
      ['one byte over the cap', data('AAECAw=='), 3, undefined],
      ['empty (a request, not data)', data(''), 10, undefined],
      ['white space only', data(' \n '), 10, undefined],
      ['a character outside base64', data('AA-C'), 10, undefined],
      ['URL-safe base64', data('AA_C'), 10, undefined],
      ['length not a multiple of 4', data('AAE'), 10, undefined],
      ['padding inside', data('AA==AAAA'), 10, undefined],
      ['three pad characters', data('A==='), 10, undefined],
      ['non-zero pad bits before ==', data('AB=='), 10, undefined],
      ['non-zero pad bits before =', data('AAF='), 10, undefined],
      ['no cid', data('AAEC', "type='image/png'"), 10, undefined],
      ['empty cid', data('AAEC', "cid=''"), 10, undefined],
      ['cid with white space', data('AAEC', "cid='a b@bob.xmpp.org'"), 10, undefined],
      ['another namespace', xml("<data xmlns='urn:xmpp:other' cid='a@bob.xmpp.org'>AAEC</data>"), 10, undefined],
      ['another element', xml("<blob xmlns='urn:xmpp:bob' cid='a@bob.xmpp.org'>AAEC</blob>"), 10, undefined]
    ]
    for (const [name, el, max, expected] of CASES) {
      it(name, () => deepStrictEqual(parseBobData(el, max), expected))
    }
  })

  describe('contentId', () => {
    const CASES: Array<[string, string | undefined]> = [
      [`cid:${CID}`, CID],
      [`CID:${CID}`, CID],
      ['cid:a%40b', 'a@b'],
      ['cid:', undefined],
      ['cid:%zz', undefined],
      ['cid:a%20b', undefined],
      ['http://www.victim.com/challenges/ocr.jpeg?F3A6292C', undefined],
      ['data:image/png;base64,AAEC', undefined]
    ]
    for (const [uri, expected] of CASES) it(uri, () => equal(contentId(uri), expected))
  })

  describe('the §3 request and reply', () => {
    it('builds XEP-0231 Ex 2 (from aside: the server stamps it)', () => {
      const request = buildBobRequest('get-data-1', 'ladymacbeth@shakespeare.lit/castle', CID)
      equal(canonical(request), canonical(example('0231', 2), ['from']))
    })

    const REPLIES: Array<[string, ReturnType<typeof xml>, string, BobData | undefined]> = [
      ['XEP-0231 Ex 3 (returning data)', example('0231', 3), CID, EX4_DATA],
      ['Ex 3 for another cid', example('0231', 3), 'sha1+0@bob.xmpp.org', undefined],
      ['ejabberd 23.01: no module handles the query', recorded('ejabberd-23.01', 'bob-not-handled'), 'sha1+0000000000000000000000000000000000000000@bob.xmpp.org', undefined],
      ['a result without data', xml("<iq type='result'/>"), CID, undefined],
      ['an error that carries data', xml(`<iq type='error'><data xmlns='urn:xmpp:bob' cid='${CID}' type='image/png'>AAEC</data></iq>`), CID, undefined]
    ]
    for (const [name, iq, cid, expected] of REPLIES) {
      it(name, () => deepStrictEqual(parseBobReply(iq, cid, DEFAULT_MAX_BOB_BYTES), expected))
    }
  })

  describe('bobDataIn', () => {
    it('finds the data inside the query of ejabberd 23.01\'s CAPTCHA form: a PNG whose SHA-1 is the cid', () => {
      const found = bobDataIn(recorded('ejabberd-23.01', 'captcha-form'), DEFAULT_MAX_BOB_BYTES)
      equal(found.size, 1)
      const [cid, bob] = [...found][0]!
      const bytes = Buffer.from(bob!.base64, 'base64')
      deepStrictEqual({ ...bob, base64: '…' }, { cid, base64: '…', type: 'image/png', maxAge: 0 })
      equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a')
      equal(cid, `sha1+${createHash('sha1').update(bytes).digest('hex')}@bob.xmpp.org`)
    })

    it('takes the first usable data of a cid, at the top level or in the first-level child; bad data is carried, unusable', () => {
      const iq = xml("<iq type='result'><data xmlns='urn:xmpp:bob' cid='top' type='image/gif'>AAEC</data><query xmlns='jabber:iq:register'>" +
        "<data xmlns='urn:xmpp:bob' cid='q' type='image/png'>AA==</data><data xmlns='urn:xmpp:bob' cid='q' type='image/png'>AAE=</data>" +
        "<data xmlns='urn:xmpp:bob' cid='bad' type='image/png'>A</data><data xmlns='urn:xmpp:bob' cid='later' type='image/png'>A</data>" +
        "<data xmlns='urn:xmpp:bob' cid='later' type='image/png'>AAEC</data><data xmlns='urn:xmpp:other' cid='other'>AAEC</data></query></iq>")
      deepStrictEqual([...bobDataIn(iq, 10)], [
        ['top', { cid: 'top', base64: 'AAEC', type: 'image/gif' }],
        ['q', { cid: 'q', base64: 'AA==', type: 'image/png' }],
        ['bad', undefined],
        ['later', { cid: 'later', base64: 'AAEC', type: 'image/png' }]
      ])
    })
  })

  describe('withBobImages', () => {
    const formWith = (uris: string): DataForm =>
      parseDataForm(xml(`<x xmlns='jabber:x:data' type='form'><field var='ocr'><media xmlns='urn:xmpp:media-element' height='80' width='290'>${uris}</media></field><field var='qa'/></x>`))
    const bob = (cid: string, type?: string): BobData => ({ cid, base64: 'AAEC', ...(type === undefined ? {} : { type }) })

    it('XEP-0158 Ex 2: the cid: image of each field becomes a data: URI beside the http one; audio and video stay', () => {
      const x = example('0158', 2).getChild('captcha')!.getChild('x')!
      const form = parseDataForm(x)
      const ocr = 'sha1+f24030b8d91d233bac14777be5ab531ca3b9f102@bob.xmpp.org'
      const picture = 'sha1+f2377f3a3287eac81028243079e1aa9905c466bc@bob.xmpp.org'
      deepStrictEqual(mediaContentIds(form), [ocr, picture])
      const known = new Map([[ocr, bob(ocr, 'image/png')]])
      const out = withBobImages(form, (cid) => known.get(cid))
      deepStrictEqual(out.fields.map((f) => f.media?.map((m) => m.uris)), [
        undefined, undefined, undefined,
        [[
          { uri: 'http://www.victim.com/challenges/ocr.jpeg?F3A6292C', type: 'image/jpeg' },
          { uri: 'data:image/png;base64,AAEC', cid: `cid:${ocr}`, type: 'image/png' }
        ]],
        [[
          { uri: 'http://www.victim.com/challenges/picture.jpeg?F3A6292C', type: 'image/jpeg' },
          { uri: `cid:${picture}`, type: 'image/jpeg' }
        ]],
        [[
          { uri: 'http://www.victim.com/challenges/speech.wav?F3A6292C', type: 'audio/x-wav' },
          { uri: 'http://www.victim.com/challenges/speech.ogg?F3A6292C', type: 'audio/ogg-speex' }
        ]],
        [[{ uri: 'http://www.victim.com/challenges/video.mpeg?F3A6292C', type: 'video/mpeg' }]],
        undefined, undefined
      ])
      equal(out.fields[7], form.fields[7], 'fields without a change are the same objects')
      equal(form.fields[3]!.media![0]!.uris[1]!.uri, `cid:${ocr}`, 'the given form is not modified')
    })

    // The type: the data's, else the URI's; whichever is given must be an image (not SVG).
    const TYPES: Array<[string, string, BobData, Array<{ uri: string; type?: string; cid?: string }>]> = [
      ['data type wins', "<uri type='image/jpeg'>cid:c</uri>", bob('c', 'image/png'), [{ uri: 'data:image/png;base64,AAEC', cid: 'cid:c', type: 'image/png' }]],
      ['URI type when the data has none', "<uri type='image/gif'>cid:c</uri>", bob('c'), [{ uri: 'data:image/gif;base64,AAEC', cid: 'cid:c', type: 'image/gif' }]],
      ['untyped URI, image data', '<uri>cid:c</uri>', bob('c', 'image/png'), [{ uri: 'data:image/png;base64,AAEC', cid: 'cid:c', type: 'image/png' }]],
      ['no type anywhere', '<uri>cid:c</uri>', bob('c'), [{ uri: 'cid:c' }]],
      ['audio data', '<uri>cid:c</uri>', bob('c', 'audio/ogg'), [{ uri: 'cid:c' }]],
      ['audio URI, image data', "<uri type='audio/x-wav'>cid:c</uri>", bob('c', 'image/png'), [{ uri: 'cid:c', type: 'audio/x-wav' }]],
      ['image URI, text data', "<uri type='image/png'>cid:c</uri>", bob('c', 'text/html'), [{ uri: 'cid:c', type: 'image/png' }]],
      ['SVG data', "<uri type='image/png'>cid:c</uri>", bob('c', 'image/svg+xml'), [{ uri: 'cid:c', type: 'image/png' }]],
      ['SVG URI', "<uri type='image/svg+xml'>cid:c</uri>", bob('c'), [{ uri: 'cid:c', type: 'image/svg+xml' }]],
      ['malformed URI type', "<uri type='image/png;x=&quot;1&quot;'>cid:c</uri>", bob('c', 'image/png'), [{ uri: 'cid:c', type: 'image/png;x="1"' }]],
      ['no data for the cid', "<uri type='image/png'>cid:other</uri>", bob('c', 'image/png'), [{ uri: 'cid:other', type: 'image/png' }]],
      ['an http URI of the same name', "<uri type='image/png'>http://c/</uri>", bob('c', 'image/png'), [{ uri: 'http://c/', type: 'image/png' }]]
    ]
    for (const [name, uris, known, expected] of TYPES) {
      it(name, () => {
        const form = formWith(uris)
        const out = withBobImages(form, (cid) => (cid === known.cid ? known : undefined))
        deepStrictEqual(out.fields[0]!.media, [{ uris: expected, height: 80, width: 290 }])
        if (expected[0]!.cid === undefined) equal(out, form, 'nothing changed: the same form')
      })
    }

    it('an image already resolved is not looked up again', () => {
      const form = withBobImages(formWith('<uri>cid:c</uri>'), () => bob('c', 'image/png'))
      deepStrictEqual(mediaContentIds(form), [])
      equal(withBobImages(form, () => bob('c', 'image/gif')), form)
    })
  })
})
