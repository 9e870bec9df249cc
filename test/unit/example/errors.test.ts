// The example page's errors in words: never raw JSON, never an internal address, one full stop.
import { deepStrictEqual } from 'node:assert/strict'

import fc from 'fast-check'

import { describe as inWordsOf, inWords, MAX_DETAIL } from '../../../examples/web/app/errors'
import type { RegisterError } from '../../../src/core/types'

describe('example page: errors in words', () => {
  const CASES: Array<[RegisterError, string]> = [
    // xmpp-ftw's report of a refused connection at login (issue 20).
    [{ type: 'cancel', condition: 'unknown', description: '{"errno":-111,"code":"ECONNREFUSED","syscall":"connect","address":"127.0.0.1","port":5223}' },
      'The XMPP server cannot be reached at the moment: try again later.'],
    [{ type: 'cancel', condition: 'unknown', description: '{"message":"boom"}' }, 'Something went wrong on the way to the XMPP server: try again later.'],
    [{ type: 'auth', condition: 'login-fail', description: 'Authentication failure' }, 'Wrong username or password (Authentication failure).'],
    [{ type: 'cancel', condition: 'conflict', description: 'The requested username already exists.' }, 'That name is already taken (The requested username already exists).'],
    [{ type: 'cancel', condition: 'item-not-found', description: 'Room at [::1]:5269 gone' }, 'There is no such room or service.'],
    [{ type: 'cancel', condition: 'item-not-found', description: 'See xmpp.internal:5269' }, 'There is no such room or service.'],
    [{ type: 'cancel', condition: 'no-such-thing' }, 'Something went wrong: try again later.'],
    [{ type: 'connection', condition: 'web-server-lost', description: 'x'.repeat(MAX_DETAIL + 1) }, 'Connection to the web server lost — reconnecting.']
  ]
  for (const [error, expected] of CASES) it(`${error.condition}: ${expected}`, () => deepStrictEqual(inWordsOf(error), expected))

  it('whatever the description: no brace, quote or IP address shown, one full stop at the end', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.ipV4().map((ip) => `at ${ip}:5222.`), fc.constant(undefined)), (description) => {
      const words = inWords('Failed', description)
      deepStrictEqual([/[{}"]|\d+\.\d+\.\d+\.\d+/.test(words.slice('Failed'.length)), words.endsWith('.'), words.endsWith('.).')], [false, true, false])
    }))
  })
})
