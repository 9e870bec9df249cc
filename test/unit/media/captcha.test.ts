// XEP-0158 CAPTCHA forms on XEP-0077 sign-up, through the plugin in real xmpp-ftw (2.0.0 and
// 1.18.0) over a fake client: ejabberd 23.01's recorded form (FORM_TYPE jabber:iq:register,
// image as Bits of Binary in the reply) and XEP-0158's (urn:xmpp:captcha) parse and go back
// with their hidden fields unchanged; ejabberd's error echo of a submission loses the values of
// private fields, in the JSON and in the log.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import { format } from 'node:util'

import createDebug from 'debug'
import type { Element } from 'ltx'

import { parseDataForm } from '../../../src/forms/data-form'
import { parseRegisteredReply } from '../../../src/xep0077/replies'
import type { GetResult, StanzaError } from '../../../src/core/types'
import { canonical, example, recorded, xml } from '../../support/fixtures'
import { HOSTS } from '../../support/host'
import { onlineSession, type Session } from '../../support/session'
import { CHALLENGE, ejabberdForm, fill } from '../../support/captcha-forms'

/** The fields of a submitted form as [var, type, values], FORM_TYPE first. */
const submitted = (x: Element | undefined): Array<[string, string | undefined, string[]]> =>
  (x?.getChildren('field') ?? []).map((f) => [f.attrs.var as string, f.attrs.type as string | undefined, f.getChildren('value').map((v) => v.getText())])

/** The submission in an XEP example (inside <captcha/> or <query/>) as [var, values]. */
const exampleSubmission = (n: number): Array<[string, string[]]> => {
  const iq = example('0158', n)
  const x = (iq.getChild('captcha') ?? iq.getChild('query'))!.getChild('x')!
  return submitted(x).map(([name, , values]) => [name, values])
}

describe('XEP-0158 replies to a submission', () => {
  const CASES: Array<[string, number, ReturnType<typeof parseRegisteredReply>]> = [
    ['Ex 5 (challenge not found)', 5, { error: { type: 'cancel', condition: 'service-unavailable' } }],
    ['Ex 6 (passed)', 6, { data: { registered: true } }],
    ['Ex 7 (failed)', 7, { error: { type: 'cancel', condition: 'not-acceptable' } }]
  ]
  for (const [name, n, expected] of CASES) it(name, () => deepStrictEqual(parseRegisteredReply(example('0158', n)), expected))
})

describe('XEP-0158 forms', () => {
  it('Ex 8 (urn:xmpp:captcha, several challenges) parses whole', () => {
    deepStrictEqual(parseDataForm(example('0158', 8).getChild('captcha')!.getChild('x')!), {
      formType: 'urn:xmpp:captcha',
      fields: [
        { var: 'from', type: 'hidden', value: 'innocent@victim.com' },
        { var: 'challenge', type: 'hidden', value: '73DE28A2' },
        { var: 'sid', type: 'hidden', value: 'spam2' },
        { var: 'answers', type: 'hidden', value: '2' },
        {
          var: 'ocr',
          label: 'Enter the text you see',
          media: [{
            uris: [
              { uri: 'http://www.victim.com/challenges/ocr.jpeg?F3A6292C', type: 'image/jpeg' },
              { uri: 'cid:sha1+f24030b8d91d233bac14777be5ab531ca3b9f102@bob.xmpp.org', type: 'image/jpeg' }
            ],
            height: 80,
            width: 290
          }]
        },
        { var: 'audio_recog', label: 'Describe the sound you hear', media: [{ uris: [{ uri: 'http://www.victim.com/challenges/audio.wav?F3A6292C', type: 'audio/x-wav' }] }] },
        { var: 'qa', type: 'text-single', label: 'Type the color of a stop light', required: true },
        { var: 'SHA-256', type: 'text-single', label: 'e03d7' }
      ]
    })
  })
})

for (const { version, pkg } of HOSTS) {
  describe(`CAPTCHA sign-up forms in xmpp-ftw ${version}`, () => {
    let s: Session
    beforeEach(() => { s = onlineSession(pkg, { timeout: 200 }) })
    afterEach(() => equal(s.register.pending, 0, 'a request was left pending'))

    /** A get answered with `reply`; the images it would fetch are not found (XEP-0231 §3). */
    const get = async (to: string, reply: Element): Promise<GetResult> => {
      const answer = s.call('xmpp.register.get', { to })
      const sent = s.client.sent.length
      reply.attrs.id = s.client.last().attrs.id
      reply.attrs.from = to
      s.client.deliver(reply)
      for (const fetch of s.client.sent.slice(sent)) {
        s.client.deliver(xml(`<iq type='error' id='${fetch.attrs.id as string}' from='${to}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`))
      }
      const [error, data] = await answer
      equal(error, null)
      return data as GetResult
    }

    it('ejabberd 23.01: the recorded form as JSON, image and fallback link included, nothing fetched', async () => {
      deepStrictEqual(await get('localhost', recorded('ejabberd-23.01', 'captcha-form')), {
        instructions: 'You need a client that supports x:data and CAPTCHA to register',
        form: ejabberdForm(),
        mode: 'form'
      })
      equal(s.client.sent.length, 1)
    })

    it('ejabberd 23.01: the filled form goes back with hidden fields unchanged, as ejabberd echoed it', async () => {
      const data = await get('localhost', recorded('ejabberd-23.01', 'captcha-form'))
      const answers = { username: 'bill', password: 'Calliope', ocr: 'wrong' }
      // As the page sends it: the form object from get, filled in; and the xmpp-ftw array of {var, value}.
      const FORMS: unknown[] = [
        fill(data.form!, answers),
        fill(data.form!, answers).fields.filter((f) => f.type !== 'fixed').map((f) => ({ var: f.var, value: f.value }))
      ]
      const echo = submitted(recorded('ejabberd-23.01', 'captcha-wrong-answer').getChild('query')!.getChild('x'))
        .map(([name, , values]): [string, string[]] => [name, values])
      for (const form of FORMS) {
        const answer = s.call('xmpp.register.set', { to: 'localhost', form })
        const sent = submitted(s.client.last().getChild('query')!.getChild('x'))
        // ejabberd's echo is what was submitted in the recording, in that order; the fallback URL goes back too.
        deepStrictEqual(
          sent.map(([name, , values]): [string, string[]] => [name, values]).sort(),
          [...echo, ['captcha-fallback-url', [`http://127.0.0.1:15823/captcha/${CHALLENGE}/image`]] as [string, string[]]].sort()
        )
        deepStrictEqual(sent[0], ['FORM_TYPE', 'hidden', ['jabber:iq:register']])
        s.client.reply("<iq type='result'/>", { from: 'localhost' })
        deepStrictEqual(await answer, [null, { registered: true }])
      }
    })

    const SUBMISSIONS: Array<[string, () => Element, Record<string, string>, string[], number]> = [
      ['XEP-0158 Ex 2 answered with ocr → Ex 4', () => example('0158', 2).getChild('captcha')!.getChild('x')!, { ocr: '7nHL3' },
        ['picture_recog', 'speech_recog', 'video_recog', 'qa', 'SHA-256'], 4],
      ['XEP-0158 Ex 8 answered with qa and SHA-256 → Ex 9', () => example('0158', 8).getChild('captcha')!.getChild('x')!,
        { qa: 'red', 'SHA-256': 'innocent@victim.com2450F06C173B05E3' }, ['ocr', 'audio_recog'], 9],
      ['XEP-0158 Ex 11 (jabber:iq:register) → Ex 12', () => example('0158', 11).getChild('query')!.getChild('x')!,
        { ocr: '7nHL3', username: 'bill', password: 'Calliope' }, ['SHA-256'], 12]
    ]
    for (const [name, formOf, answers, unanswered, n] of SUBMISSIONS) {
      it(`${name}: the form object and the array both go back with FORM_TYPE and hidden fields unchanged`, async () => {
        const x = formOf()
        const data = await get('victim.com', xml(`<iq type='result'><query xmlns='jabber:iq:register'>${x.toString()}</query></iq>`))
        const expected = exampleSubmission(n)
        const filled = fill(data.form!, answers, unanswered)
        for (const form of [filled, filled.fields.map((f) => ({ var: f.var, value: f.value }))]) {
          const answer = s.call('xmpp.register.set', { to: 'victim.com', form })
          deepStrictEqual(submitted(s.client.last().getChild('query')!.getChild('x')).map(([v, , values]) => [v, values]), expected)
          s.client.reply(example('0158', 6).toString(), { from: 'victim.com', to: undefined })
          deepStrictEqual(await answer, [null, { registered: true }])
        }
      })
    }

    describe('error replies echoing the submission (ejabberd 23.01)', () => {
      const NOT_ALLOWED = { type: 'cancel', condition: 'not-allowed', description: 'The CAPTCHA verification has failed' }
      const echoFields = [
        { var: 'from', value: 'localhost' },
        { var: 'challenge', value: CHALLENGE },
        { var: 'sid', value: 'reg1' },
        { var: 'ocr', value: 'wrong' },
        { var: 'username', value: 'bill' },
        { var: 'password' }
      ]

      it('the recorded echo: the password\'s value is not in the error JSON, nor in the log', async () => {
        const lines: string[] = []
        const saved = createDebug.log
        createDebug.enable('xmpp-ftw:register')
        createDebug.log = (...args: unknown[]) => { lines.push(format(...args)) }
        let error: unknown
        try {
          const data = await get('localhost', recorded('ejabberd-23.01', 'captcha-form'))
          const answer = s.call('xmpp.register.set', { to: 'localhost', form: fill(data.form!, { username: 'bill', password: 'Calliope', ocr: 'wrong' }) })
          s.client.reply(recorded('ejabberd-23.01', 'captcha-wrong-answer').toString(), { from: 'localhost' })
          // The fresh get (below) fails here: the echo stays, private values gone.
          equal(canonical(s.client.last(), ['id']), canonical(xml("<iq type='get' to='localhost'><query xmlns='jabber:iq:register'/></iq>")))
          s.client.reply("<iq type='error'><error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", { from: 'localhost' })
          error = (await answer)[0]
        } finally {
          createDebug.disable()
          createDebug.log = saved
        }
        deepStrictEqual(error, { ...NOT_ALLOWED, form: { fields: echoFields, formType: 'jabber:iq:register' } })
        ok(!JSON.stringify(error).includes('Calliope'))
        ok(lines.some((line) => /set reply: not-allowed/.test(line)), lines.join('\n'))
        ok(!lines.join('\n').includes('Calliope'), lines.join('\n'))
      })

      it('a refused answer: the error carries the form of a new get (new challenge, new image) instead of the echo', async () => {
        const data = await get('localhost', recorded('ejabberd-23.01', 'captcha-form'))
        const answer = s.call('xmpp.register.set', { to: 'localhost', form: fill(data.form!, { username: 'bill', password: 'Calliope', ocr: 'wrong' }) })
        s.client.reply(recorded('ejabberd-23.01', 'captcha-wrong-answer').toString(), { from: 'localhost' })
        equal(canonical(s.client.last(), ['id']), canonical(xml("<iq type='get' to='localhost'><query xmlns='jabber:iq:register'/></iq>")))
        const NEXT = '7777777777777777777'
        s.client.reply(recorded('ejabberd-23.01', 'captcha-form').toString().split(CHALLENGE).join(NEXT), { from: 'localhost' })
        const fresh = JSON.parse(JSON.stringify(ejabberdForm()).split(CHALLENGE).join(NEXT)) as unknown
        deepStrictEqual(await answer, [{ ...NOT_ALLOWED, form: fresh }])
      })

      it('a refusal of a form without a challenge: no new get, the echo', async () => {
        const answer = s.call('xmpp.register.set', { to: 'localhost', form: [{ var: 'username', value: 'bill' }, { var: 'password', value: 'Calliope' }] })
        const sent = s.client.sent.length
        s.client.reply("<iq type='error'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'><field var='username'><value>bill</value></field><field var='password'><value>Calliope</value></field></x></query>" +
          "<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", { from: 'localhost' })
        deepStrictEqual(await answer, [{ type: 'cancel', condition: 'conflict', form: { fields: [{ var: 'username', value: 'bill' }, { var: 'password' }] } }])
        equal(s.client.sent.length, sent)
      })

      // What the echo hides: text-private in the echo; XEP-0077's password names; the get form's text-private fields.
      const CASES: Array<[string, string, string, Array<{ var: string; type?: string; value?: string }>]> = [
        ['a field the get form declared text-private (per JID)', "<field var='x-pin' type='text-private'/>", "<field var='x-pin'><value>1234</value></field>", [{ var: 'x-pin' }]],
        ['text-private in the echo itself', '', "<field var='x-secret' type='text-private'><value>s</value></field>", [{ var: 'x-secret', type: 'text-private' }]],
        ['old_password, with no type anywhere', '', "<field var='old_password'><value>old</value></field>", [{ var: 'old_password' }]],
        ['a text-single field keeps its value', "<field var='x-pin' type='text-single'/>", "<field var='x-pin'><value>1234</value></field>", [{ var: 'x-pin', value: '1234' }]]
      ]
      for (const [name, getField, echoField, expected] of CASES) {
        it(name, async () => {
          const form = (fields: string, type: string): string =>
            `<x xmlns='jabber:x:data' type='${type}'><field var='FORM_TYPE'><value>jabber:iq:register</value></field>${fields}</x>`
          await get('contests.shakespeare.lit', xml(`<iq type='result'><query xmlns='jabber:iq:register'>${form(getField, 'form')}</query></iq>`))
          const answer = s.call('xmpp.register.set', { to: 'contests.shakespeare.lit', form: [{ var: 'x-pin', value: '1234' }] })
          s.client.reply(`<iq type='error'><query xmlns='jabber:iq:register'>${form(echoField, 'submit')}</query><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
            { from: 'contests.shakespeare.lit' })
          const [error] = await answer
          deepStrictEqual((error as StanzaError).form, { formType: 'jabber:iq:register', fields: expected })
        })
      }

      it('the private fields are remembered per JID: another service\'s echo keeps a value its own get did not declare', async () => {
        await get('a.shakespeare.lit', xml("<iq type='result'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'><field var='x-pin' type='text-private'/></x></query></iq>"))
        await get('b.shakespeare.lit', xml("<iq type='result'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'><field var='x-pin' type='text-single'/></x></query></iq>"))
        const answer = s.call('xmpp.register.set', { to: 'b.shakespeare.lit', form: [{ var: 'x-pin', value: '1234' }] })
        s.client.reply("<iq type='error'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'><field var='x-pin'><value>1234</value></field></x></query><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
          { from: 'b.shakespeare.lit' })
        deepStrictEqual((await answer)[0], { type: 'modify', condition: 'not-acceptable', form: { fields: [{ var: 'x-pin', value: '1234' }] } })
      })
    })
  })
}
