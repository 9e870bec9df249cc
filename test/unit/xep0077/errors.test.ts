// Error replies beyond the XEP examples: legacy codes, application conditions, odd input.
import { deepStrictEqual } from 'node:assert/strict'

import { LEGACY_ERROR_CODES } from '../../../src/xep0077/legacy-codes'
import { parseGetReply, parseStanzaError } from '../../../src/xep0077/replies'
import type { StanzaError } from '../../../src/core/types'
import { xml } from '../../support/fixtures'

const STANZAS = "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'"
const error = (inner: string, attrs = ''): StanzaError => parseStanzaError(xml(`<iq type='error' id='a'>${inner.replace('ERROR', `<error ${attrs}>`)}</iq>`))

const CASES: Array<[string, string, string, StanzaError]> = [
  ['a legacy code alone is mapped through XEP-0086', 'ERROR</error>', "code='409'", { type: 'cancel', condition: 'conflict' }],
  ['a legacy code gives the type when none is given', 'ERROR</error>', "code='407'", { type: 'auth', condition: 'registration-required' }],
  ['a legacy code does not override the type given', 'ERROR</error>', "code='503' type='wait'", { type: 'wait', condition: 'service-unavailable' }],
  ['a condition element beats the code', `ERROR<forbidden ${STANZAS}/></error>`, "code='401' type='cancel'", { type: 'cancel', condition: 'forbidden' }],
  ['an unknown code and no condition', 'ERROR</error>', "code='999'", { type: 'cancel', condition: 'undefined-condition' }],
  ['text, by and an application condition', `ERROR<not-acceptable ${STANZAS}/><text ${STANZAS} xml:lang='en'>Too short</text><too-short xmlns='urn:app'>at least 8</too-short></error>`,
    "type='modify' by='shakespeare.lit'", {
      type: 'modify',
      condition: 'not-acceptable',
      description: 'Too short',
      by: 'shakespeare.lit',
      application: { condition: 'too-short', xmlns: 'urn:app', description: 'at least 8' }
    }],
  ['condition names are lower-cased; only the first condition counts', `ERROR<Conflict ${STANZAS}/><gone ${STANZAS}/></error>`, "type='cancel'", { type: 'cancel', condition: 'conflict' }],
  ['an application condition without namespace', 'ERROR<custom/></error>', "type='cancel'", { type: 'cancel', condition: 'undefined-condition', application: { condition: 'custom' } }],
  ['no <error/> element at all', '', '', { type: 'cancel', condition: 'undefined-condition', description: 'Error reply without an <error/> element' }],
  ['stray text inside the error', `ERRORjunk<bad-request ${STANZAS}/>junk</error>`, "type='modify'", { type: 'modify', condition: 'bad-request' }],
  // RFC 6120 §8.3.3.5 and §8.3.3.14: the new address goes under `redirect`.
  ['gone, with the new address', `ERROR<gone ${STANZAS}>xmpp:romeo@afterwards.example</gone></error>`, "type='cancel'",
    { type: 'cancel', condition: 'gone', redirect: 'xmpp:romeo@afterwards.example' }],
  ['redirect, with the new address trimmed, and a text', `ERROR<Redirect ${STANZAS}>\n  xmpp:register@other.example  \n</Redirect><text ${STANZAS}>Moved</text></error>`, "type='modify'",
    { type: 'modify', condition: 'redirect', description: 'Moved', redirect: 'xmpp:register@other.example' }],
  ['gone without an address', `ERROR<gone ${STANZAS}/></error>`, "type='cancel'", { type: 'cancel', condition: 'gone' }],
  ['an address in a condition that is not the first is ignored', `ERROR<conflict ${STANZAS}/><redirect ${STANZAS}>xmpp:x@y</redirect></error>`, "type='cancel'",
    { type: 'cancel', condition: 'conflict' }],
  ['an address in another condition is ignored', `ERROR<not-allowed ${STANZAS}>xmpp:x@y</not-allowed></error>`, "type='cancel'",
    { type: 'cancel', condition: 'not-allowed' }],
  ['out-of-band data in an error', `<query xmlns='jabber:iq:register'><x xmlns='jabber:x:oob'><url>https://a/b</url><desc>Sign up here</desc></x></query>ERROR<not-allowed ${STANZAS}/></error>`,
    "type='cancel'", { type: 'cancel', condition: 'not-allowed', oob: { url: 'https://a/b', description: 'Sign up here' } }]
]

describe('errors: odd and legacy error replies', () => {
  for (const [name, inner, attrs, expected] of CASES) {
    it(name, () => deepStrictEqual(error(inner, attrs), expected))
  }

  it('maps every XEP-0086 legacy code', () => {
    for (const [code, { condition, type }] of Object.entries(LEGACY_ERROR_CODES)) {
      deepStrictEqual(error('ERROR</error>', `code='${code}'`), { type, condition })
    }
  })
})

describe('get replies: odd input', () => {
  const get = (inner: string): unknown => parseGetReply(xml(`<iq type='result' id='a'>${inner}</iq>`))
  const CASES_GET: Array<[string, string, unknown]> = [
    ['no query', '', { error: { type: 'cancel', condition: 'undefined-condition', description: "Reply has no <query xmlns='jabber:iq:register'/>" } }],
    ['a query in another namespace', "<query xmlns='jabber:iq:roster'/>", { error: { type: 'cancel', condition: 'undefined-condition', description: "Reply has no <query xmlns='jabber:iq:register'/>" } }],
    ['an empty query', "<query xmlns='jabber:iq:register'/>", { data: {} }],
    ['all 17 fields, white space only counts as asked for',
      "<query xmlns='jabber:iq:register'><username/><nick> </nick><password></password><name>N</name><first/><last/><email/><address/><city/><state/><zip>12345</zip><phone/><url/><date/><misc/><text/><key>k</key></query>",
      { data: { username: true, nick: true, password: true, name: 'N', first: true, last: true, email: true, address: true, city: true, state: true, zip: '12345', phone: true, url: true, date: true, misc: true, text: true, key: 'k' } }],
    ['unknown elements, foreign namespaces, stray text and duplicates',
      "<query xmlns='jabber:iq:register'>junk<username>a</username><username>b</username><foo/><email xmlns='urn:other'>x</email><remove/></query>",
      { data: { username: 'a' } }],
    ['OOB as jabber:iq:oob next to the query, with a stream id',
      "<query xmlns='jabber:iq:register'><instructions>Go</instructions></query><query xmlns='jabber:iq:oob' sid='s1'><url>http://x/</url></query>",
      { data: { instructions: 'Go', oob: { url: 'http://x/', stream: 's1' } } }],
    ['empty OOB', "<query xmlns='jabber:iq:register'><x xmlns='jabber:x:oob'><url/></x></query>", { data: { oob: {} } }],
    ['a result form keeps its reported fields and items',
      "<query xmlns='jabber:iq:register'><registered/><x xmlns='jabber:x:data' type='result'><reported><field var='nick' label='Nick'/></reported>" +
      "<item><field var='nick'><value>bill</value></field></item></x></query>",
      { data: { registered: true, form: { fields: [], reported: [{ var: 'nick', label: 'Nick' }], items: [[{ var: 'nick', value: 'bill' }]] } } }]
  ]
  for (const [name, inner, expected] of CASES_GET) {
    it(name, () => deepStrictEqual(get(inner), expected))
  }
})
