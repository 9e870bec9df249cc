// The example page's autocomplete values for rendered fields.
import { deepStrictEqual } from 'node:assert/strict'

import { autocompleteOf, isNewPassword } from '../../../examples/web/app/autocomplete'
import type { FormField } from '../../../src/core/types'

describe('example page: autocomplete by role', () => {
  const image = [{ uris: [{ type: 'image/png', uri: 'data:image/png;base64,AA==' }] }]
  const CASES: Array<[FormField, string, boolean]> = [
    [{ var: 'username', type: 'text-single' }, 'username', false],
    [{ var: 'password', type: 'text-private' }, 'new-password', true],
    [{ var: 'password', type: 'text-single' }, 'off', false],
    [{ var: 'ocr', type: 'text-single', media: image }, 'off', false],
    [{ var: 'username', media: image }, 'off', false],
    [{ var: 'email', type: 'text-single' }, 'email', false],
    [{ var: 'muc#register_roomnick', type: 'text-single' }, 'nickname', false],
    [{ var: 'pin', type: 'text-private' }, 'off', false],
    [{ var: '__proto__', type: 'text-single' }, 'off', false],
    [{ type: 'text-single' }, 'off', false]
  ]
  for (const [field, expected, twice] of CASES) {
    it(`${String(field.var)} (${String(field.type)}) -> ${expected}`, () => deepStrictEqual([autocompleteOf(field), isNewPassword(field)], [expected, twice]))
  }
})
