// XEP-0077 §7 Precedence Order: the mode of a get result, over the XEP's own replies and the
// table's combinations.
import { deepStrictEqual } from 'node:assert/strict'

import { parseGetReply } from '../../../src/xep0077/replies'
import { registrationMode } from '../../../src/signup/mode'
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
