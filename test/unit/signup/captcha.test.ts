// XEP-0158 CAPTCHA sign-up on the sign-up stream against a scripted server: the image as a
// data: URI (carried: nothing fetched; missing: fetched on the stream), private values gone
// from ejabberd's error echo, and after a refused answer (ejabberd 23.01's not-allowed, or
// XEP-0158 §3.4's service-unavailable for an expired challenge) a fresh form from a new get.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'

import { resolveSignupConfig, type SignupConfig } from '../../../src/signup/config'
import { SignupStream } from '../../../src/signup/stream'
import type { SignupCommand } from '../../../src/signup/validate'
import type { DataForm } from '../../../src/core/types'
import { CHALLENGE, ejabberdForm } from '../../support/captcha-forms'
import { closeAndCheck, FakeXmppServer, features, lastIq, opened, REGISTER_FEATURE, serve } from '../../support/fake-xmpp-server'
import { example, recorded } from '../../support/fixtures'
import { snapshot } from '../../support/handles'

const DOMAIN = 'localhost'
const NEXT = '7777777777777777777'

/** ejabberd's recorded CAPTCHA form with reply id `id`, for challenge `challenge`. */
const captchaForm = (id: string, challenge = CHALLENGE): string => {
  const iq = recorded('ejabberd-23.01', 'captcha-form')
  iq.attrs.id = id
  return iq.toString().split(CHALLENGE).join(challenge)
}

/** The JSON of {@link captchaForm}. */
const formJson = (challenge = CHALLENGE): DataForm =>
  JSON.parse(JSON.stringify(ejabberdForm()).split(CHALLENGE).join(challenge)) as DataForm

/** The registration a page sends back: ejabberd's form filled in. */
const answer = (ocr: string, challenge = CHALLENGE): SignupCommand => ({
  fields: [],
  form: {
    formType: 'jabber:iq:register',
    fields: [
      { var: 'username', values: ['bill'] },
      { var: 'password', values: ['Calliope'] },
      { var: 'from', type: 'hidden', values: ['localhost'] },
      { var: 'challenge', type: 'hidden', values: [challenge] },
      { var: 'sid', type: 'hidden', values: ['reg1'] },
      { var: 'ocr', values: [ocr] }
    ]
  }
})

const withId = (el: { attrs: Record<string, unknown>; toString(): string }, id: string): string => {
  el.attrs.id = id
  return el.toString()
}

describe('CAPTCHA sign-up on the sign-up stream (scripted server)', () => {
  let server: FakeXmppServer | undefined
  let baseline: Record<string, number> = {}
  /** The IQs the server got, in order. */
  let iqs: string[] = []

  /** A server answering each IQ with the next of `replies` (given the IQ's id). */
  const start = async (replies: Array<(id: string) => string>, options: Record<string, unknown> = {}): Promise<SignupConfig> => {
    baseline = await snapshot()
    iqs = []
    server = new FakeXmppServer(serve(features(REGISTER_FEATURE), (id, received) => {
      iqs.push(lastIq(received))
      return replies.shift()?.(id)
    }))
    const port = await server.listen()
    return resolveSignupConfig({ domains: { [DOMAIN]: { host: '127.0.0.1', port, tls: 'optional' } }, timeout: 300, ...options })
  }

  afterEach(async () => {
    await closeAndCheck(server, baseline)
    server = undefined
  })

  it('ejabberd 23.01\'s form: the image it carries as a data: URI, nothing fetched', async () => {
    const stream = opened(await SignupStream.open(DOMAIN, await start([(id) => captchaForm(id)])))
    deepStrictEqual(await stream.get(), {
      data: { instructions: 'You need a client that supports x:data and CAPTCHA to register', form: ejabberdForm(), mode: 'form' }
    })
    equal(iqs.length, 1)
    await stream.close()
  })

  it('maxBobBytes 0: the cid: URI stays, nothing fetched', async () => {
    const stream = opened(await SignupStream.open(DOMAIN, await start([(id) => captchaForm(id)], { maxBobBytes: 0 })))
    const form = ejabberdForm()
    const ocr = form.fields.find((f) => f.var === 'ocr')!
    ocr.media = [{ uris: [{ uri: ocr.media![0]!.uris[0]!.cid!, type: 'image/png' }] }]
    deepStrictEqual(await stream.get(), {
      data: { instructions: 'You need a client that supports x:data and CAPTCHA to register', form, mode: 'form' }
    })
    equal(iqs.length, 1)
    await stream.close()
  })

  it('an image the reply lacks is fetched on the stream from the domain (XEP-0231 §3); a failed fetch leaves the cid: URI', async () => {
    const cid = 'sha1+6bfab9392f7bcceebfc80883bb814e5b494acb5d@bob.xmpp.org'
    const lacking = (id: string): string => {
      const iq = recorded('ejabberd-23.01', 'captcha-form')
      iq.getChild('query')!.remove('data', 'urn:xmpp:bob')
      return withId(iq, id)
    }
    const data = recorded('ejabberd-23.01', 'captcha-form').getChild('query')!.getChild('data', 'urn:xmpp:bob')!
    const stream = opened(await SignupStream.open(DOMAIN, await start([
      lacking,
      (id) => `<iq type='result' from='localhost' id='${id}'>${data.toString()}</iq>`,
      lacking,
      (id) => `<iq type='error' from='localhost' id='${id}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`
    ])))
    deepStrictEqual(await stream.get(), {
      data: { instructions: 'You need a client that supports x:data and CAPTCHA to register', form: ejabberdForm(), mode: 'form' }
    })
    const fetch = `<data xmlns="urn:xmpp:bob" cid="${cid}"/>`
    ok(iqs[1]!.includes(fetch) && iqs[1]!.includes('to="localhost"') && iqs[1]!.includes('type="get"'), iqs[1])
    const unresolved = ejabberdForm()
    unresolved.fields.find((f) => f.var === 'ocr')!.media = [{ uris: [{ uri: `cid:${cid}`, type: 'image/png' }] }]
    deepStrictEqual(await stream.get(), {
      data: { instructions: 'You need a client that supports x:data and CAPTCHA to register', form: unresolved, mode: 'form' }
    })
    equal(iqs.length, 4)
    await stream.close()
  })

  it('a wrong answer (ejabberd\'s recorded not-allowed echo): the error carries a fresh form from a new get, no password', async () => {
    const stream = opened(await SignupStream.open(DOMAIN, await start([
      (id) => captchaForm(id),
      (id) => withId(recorded('ejabberd-23.01', 'captcha-wrong-answer'), id),
      (id) => captchaForm(id, NEXT)
    ])))
    await stream.get()
    const refused = await stream.register(answer('wrong'))
    deepStrictEqual(refused, {
      error: { type: 'cancel', condition: 'not-allowed', description: 'The CAPTCHA verification has failed', form: formJson(NEXT) }
    })
    equal(JSON.stringify(refused).includes('Calliope'), false)
    equal(iqs.length, 3)
    ok(iqs[2]!.includes('<query xmlns="jabber:iq:register"/>'), iqs[2])
    equal(stream.isOpen, true)
    await stream.close()
  })

  it('an expired challenge (XEP-0158 §3.4 Ex 5, service-unavailable): a fresh form too', async () => {
    const stream = opened(await SignupStream.open(DOMAIN, await start([
      (id) => captchaForm(id),
      (id) => withId(example('0158', 5), id).replace(/ (from|to)="[^"]*"/g, ''),
      (id) => captchaForm(id, NEXT)
    ])))
    await stream.get()
    deepStrictEqual(await stream.register(answer('late')), {
      error: { type: 'cancel', condition: 'service-unavailable', form: formJson(NEXT) }
    })
    await stream.close()
  })

  it('the fresh get failing leaves the error with the echo, private values gone', async () => {
    const stream = opened(await SignupStream.open(DOMAIN, await start([
      (id) => captchaForm(id),
      (id) => withId(recorded('ejabberd-23.01', 'captcha-wrong-answer'), id),
      (id) => `<iq type='error' from='localhost' id='${id}'><error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`
    ])))
    await stream.get()
    deepStrictEqual(await stream.register(answer('wrong')), {
      error: {
        type: 'cancel',
        condition: 'not-allowed',
        description: 'The CAPTCHA verification has failed',
        form: {
          formType: 'jabber:iq:register',
          fields: [
            { var: 'from', value: 'localhost' }, { var: 'challenge', value: CHALLENGE }, { var: 'sid', value: 'reg1' },
            { var: 'ocr', value: 'wrong' }, { var: 'username', value: 'bill' }, { var: 'password' }
          ]
        }
      }
    })
    await stream.close()
  })

  it('a submission without a challenge: no new get; a private field of the get\'s form loses its value in the echo', async () => {
    const form = "<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>" +
      "<field var='username' type='text-single'/><field var='pin' type='text-private'/></x>"
    const echo = "<x xmlns='jabber:x:data' type='submit'><field var='username'><value>bill</value></field><field var='pin'><value>1234</value></field></x>"
    const stream = opened(await SignupStream.open(DOMAIN, await start([
      (id) => `<iq type='result' id='${id}'><query xmlns='jabber:iq:register'>${form}</query></iq>`,
      (id) => `<iq type='error' id='${id}'><query xmlns='jabber:iq:register'>${echo}</query><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`
    ])))
    await stream.get()
    deepStrictEqual(await stream.register({ fields: [], form: { formType: 'jabber:iq:register', fields: [{ var: 'username', values: ['bill'] }, { var: 'pin', values: ['1234'] }] } }), {
      error: { type: 'cancel', condition: 'conflict', form: { fields: [{ var: 'username', value: 'bill' }, { var: 'pin' }] } }
    })
    equal(iqs.length, 2)
    await stream.close()
  })
})
