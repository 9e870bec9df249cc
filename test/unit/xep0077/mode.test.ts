// XEP-0077 §7 Precedence Order: the mode of a get result, over the XEP's own replies and the
// table's combinations.
import { deepStrictEqual } from 'node:assert/strict'

import { parse } from 'ltx'

import { parseGetReply, parseGetResult, registrationMode } from '../../../src/xep0077/replies'
import type { RegistrationMode } from '../../../src/signup/types'
import type { RegistrationInfo } from '../../../src/core/types'
import { ex77 } from '../../support/fixtures'

const data = (n: number): RegistrationInfo => {
  const reply = parseGetReply(ex77(n))
  if ('error' in reply) throw new Error(`Ex ${n} is an error`)
  return reply.data
}

const FORM = { fields: [{ var: 'username', type: 'text-single' }] }
const OOB = { url: 'http://www.shakespeare.lit/contests.php' }

const CASES: Array<{ name: string; result: () => RegistrationInfo; mode: RegistrationMode }> = [
  { name: 'Ex 2: iq:register fields', result: () => data(2), mode: 'legacy' },
  { name: 'Ex 3: already registered, with fields', result: () => data(3), mode: 'legacy' },
  { name: 'Ex 9: x:data form + iq:register instructions', result: () => data(9), mode: 'form' },
  { name: 'Ex 25: iq:register instructions + x:oob URL', result: () => data(25), mode: 'redirect' },
  { name: '§7: x:data form + iq:register fields', result: () => ({ username: true, form: FORM }), mode: 'form' },
  { name: '§7: x:data form + x:oob URL', result: () => ({ form: FORM, oob: OOB }), mode: 'form' },
  { name: '§7: iq:register fields + x:oob URL', result: () => ({ username: true, password: true, oob: OOB }), mode: 'legacy' },
  { name: 'x:oob without a URL', result: () => ({ instructions: 'x', oob: { description: 'd' } }), mode: 'legacy' },
  { name: 'nothing at all', result: () => ({}), mode: 'legacy' }
]

describe('XEP-0077 §7: registration mode', () => {
  for (const { name, result, mode } of CASES) {
    it(name, () => deepStrictEqual(registrationMode(result()), mode))
  }
})

// The socket's get result reads the mode in the parser's own pass: the same mode, added last.
describe('XEP-0077 §7: the mode parseGetResult adds', () => {
  const replies: Array<[string, string]> = [
    ...[2, 3, 9, 25].map((n): [string, string] => [`Ex ${n}`, ex77(n).toString()]),
    ['fields + x:oob in the query', "<iq type='result'><query xmlns='jabber:iq:register'><username/><x xmlns='jabber:x:oob'><url>http://a.example/</url></x></query></iq>"],
    ['instructions + x:oob beside the query', "<iq type='result'><query xmlns='jabber:iq:register'><instructions>go</instructions></query><x xmlns='jabber:x:oob'><url>http://b.example/</url></x></iq>"],
    ['iq:oob beside, x:oob inside', "<iq type='result'><query xmlns='jabber:iq:oob' sid='s1'><url>http://c.example/</url></query><query xmlns='jabber:iq:register'><x xmlns='jabber:x:oob'><url>http://d.example/</url></x></query></iq>"],
    ['iq:oob beside only', "<iq type='result'><query xmlns='jabber:iq:oob' sid='s2'><url>http://e.example/</url></query><query xmlns='jabber:iq:register'/></iq>"],
    ['form + x:oob', "<iq type='result'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'><field var='username'/></x><x xmlns='jabber:x:oob'><url>http://f.example/</url></x></query></iq>"],
    ['registered only', "<iq type='result'><query xmlns='jabber:iq:register'><registered/></query></iq>"]
  ]
  for (const [name, xml] of replies) {
    it(name, () => {
      const plain = parseGetReply(parse(xml))
      if ('error' in plain) throw new Error(`${name} is an error`)
      const result = parseGetResult(parse(xml))
      deepStrictEqual(result, { data: { ...plain.data, mode: registrationMode(plain.data) } })
      deepStrictEqual(Object.keys('data' in result ? result.data : {}).pop(), 'mode')
    })
  }
})
