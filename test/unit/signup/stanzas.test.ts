// XEP-0445 on the sign-up stream: the token request, its replies and the stream features,
// compared whole with the XEP's examples.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { parsePreauthReply } from '../../../src/xep0077/replies'
import { readFeatures } from '../../../src/signup/features'
import { buildPreauth } from '../../../src/xep0077/stanzas'
import { canonical, example, xml } from '../../support/fixtures'

describe('XEP-0445 pre-authenticated registration', () => {
  it('Ex 2: the token request', () => {
    equal(canonical(buildPreauth('pa1', 'example.com', 'TOKEN')), canonical(example('0445', 2)))
  })

  it('Ex 3: the token accepted', () => deepStrictEqual(parsePreauthReply(example('0445', 3)), { data: true }))

  // The example's <text/> has no xmlns (RFC 6120 §8.3.2 puts it in the stanzas namespace):
  // read as an application-specific element, as for any other reply.
  it('Ex 4: the token refused', () => {
    deepStrictEqual(parsePreauthReply(example('0445', 4)), {
      error: {
        type: 'cancel',
        condition: 'item-not-found',
        application: { condition: 'text', description: 'The provided token is invalid or expired' }
      }
    })
  })

  const FEATURES: Array<{ name: string; load: () => ReturnType<typeof xml>; expected: ReturnType<typeof readFeatures> }> = [
    { name: 'XEP-0445 Ex 1: registration and tokens', load: () => example('0445', 1), expected: { register: true, preauth: true } },
    { name: 'XEP-0077 Ex 26: registration', load: () => example('0077', 26), expected: { register: true, preauth: false } },
    {
      name: "Prosody 0.12's older urn:xmpp:invite alone",
      load: () => xml("<stream:features xmlns:stream='http://etherx.jabber.org/streams'><register xmlns='urn:xmpp:invite'/></stream:features>"),
      expected: { register: false, preauth: true }
    },
    {
      name: 'registration only',
      load: () => xml("<stream:features xmlns:stream='http://etherx.jabber.org/streams'><register xmlns='http://jabber.org/features/iq-register'/></stream:features>"),
      expected: { register: true, preauth: false }
    },
    {
      name: 'a register element in another namespace, and text',
      load: () => xml("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>x<register xmlns='urn:example'/></stream:features>"),
      expected: { register: false, preauth: false }
    }
  ]
  for (const { name, load, expected } of FEATURES) {
    it(`features, ${name}`, () => deepStrictEqual(readFeatures(load()), expected))
  }
})
