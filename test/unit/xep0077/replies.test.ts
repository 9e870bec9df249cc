// XEP-0077 replies → callback JSON, table-driven over the XEPs' own examples.
import { deepStrictEqual } from 'node:assert/strict'

import { parseGetReply, parseRegisteredReply, parseStanzaError, parseUnregisterReply } from '../../../src/xep0077/replies'
import type { RegistrationInfo, StanzaError } from '../../../src/core/types'
import { CANCEL_FORM } from '../../support/expected'
import { example, ex77 } from '../../support/fixtures'

const EX9_INSTRUCTIONS = '\n      Use the enclosed form to register. If your Jabber client does not\n      support Data Forms, visit http://www.shakespeare.lit/contests.php\n    '

const GET_REPLIES: Array<{ name: string; load: () => ReturnType<typeof ex77>; data: RegistrationInfo }> = [
  {
    name: 'XEP-0077 Ex 2 (fields to fill)',
    load: () => ex77(2),
    data: {
      instructions: '\n      Choose a username and password for use with this service.\n      Please also provide your email address.\n    ',
      username: true,
      password: true,
      email: true
    }
  },
  {
    name: 'XEP-0077 Ex 3 (already registered)',
    load: () => ex77(3),
    data: { registered: true, username: 'juliet', password: 'R0m30', email: 'juliet@capulet.com' }
  },
  {
    name: 'XEP-0077 Ex 9 (data form)',
    load: () => ex77(9),
    data: {
      instructions: EX9_INSTRUCTIONS,
      form: {
        formType: 'jabber:iq:register',
        title: 'Contest Registration',
        instructions: '\n        Please provide the following information\n        to sign up for our special contests!\n      ',
        fields: [
          { var: 'first', type: 'text-single', label: 'Given Name', required: true },
          { var: 'last', type: 'text-single', label: 'Family Name', required: true },
          { var: 'email', type: 'text-single', label: 'Email Address', required: true },
          {
            var: 'x-gender',
            type: 'list-single',
            label: 'Gender',
            options: [{ label: 'Male', value: 'M' }, { label: 'Female', value: 'F' }]
          }
        ]
      }
    }
  },
  {
    name: 'XEP-0077 Ex 25 (redirect out of band)',
    load: () => ex77(25),
    data: {
      instructions: '\n      To register, visit http://www.shakespeare.lit/contests.php\n    ',
      oob: { url: 'http://www.shakespeare.lit/contests.php' }
    }
  },
  {
    name: 'XEP-0158 Ex 11 (CAPTCHA form with media, instructions and OOB)',
    load: () => example('0158', 11),
    data: {
      instructions: '\n      To register, visit http://www.victim.com/register.html\n    ',
      oob: { url: 'http://www.victim.com/register.html' },
      form: {
        formType: 'jabber:iq:register',
        fields: [
          { var: 'challenge', type: 'hidden', value: 'F3A6292C' },
          { var: 'sid', type: 'hidden', value: 'reg1' },
          { var: 'answers', type: 'hidden', value: '3' },
          {
            var: 'ocr',
            label: 'Enter the text you see',
            media: [{ height: 80, width: 290, uris: [{ type: 'image/jpeg', uri: 'http://www.victim.com/challenges/ocr.jpeg?F3A6292C' }] }]
          },
          { var: 'SHA-256', type: 'text-single', label: '93C7A' },
          { var: 'username', type: 'text-single', required: true },
          { var: 'password', type: 'text-private', required: true }
        ]
      }
    }
  }
]

const PASSWORD_FORM = {
  formType: 'jabber:iq:register:changepassword',
  title: 'Password Change',
  instructions: 'Use this form to change your password.',
  fields: [
    { var: 'username', type: 'text-single', label: 'Username', required: true as const },
    { var: 'old_password', type: 'text-private', label: 'Old Password', required: true as const },
    { var: 'password', type: 'text-private', label: 'New Password', required: true as const },
    { var: 'x-mmn', type: 'text-single', label: "Mother's Maiden Name", required: true as const }
  ]
}

const ERRORS: Array<[number, StanzaError]> = [
  [6, { type: 'cancel', condition: 'conflict' }],
  [7, { type: 'modify', condition: 'not-acceptable' }],
  [13, { type: 'modify', condition: 'bad-request' }],
  [14, { type: 'cancel', condition: 'forbidden' }],
  [15, { type: 'cancel', condition: 'not-allowed' }],
  [16, { type: 'cancel', condition: 'not-allowed', form: CANCEL_FORM }],
  [20, { type: 'modify', condition: 'bad-request' }],
  [21, { type: 'modify', condition: 'not-authorized' }],
  [22, { type: 'cancel', condition: 'not-allowed' }],
  [23, { type: 'modify', condition: 'not-authorized', form: PASSWORD_FORM }]
]

describe('replies: XEP examples to JSON', () => {
  describe('get', () => {
    for (const { name, load, data } of GET_REPLIES) {
      it(name, () => deepStrictEqual(parseGetReply(load()), { data }))
    }
  })

  describe('errors', () => {
    for (const [n, error] of ERRORS) {
      it(`XEP-0077 Ex ${n}`, () => {
        deepStrictEqual(parseStanzaError(ex77(n)), error)
        // Every operation reads an error reply the same way.
        deepStrictEqual(parseGetReply(ex77(n)), { error })
        deepStrictEqual(parseRegisteredReply(ex77(n)), { error })
        deepStrictEqual(parseUnregisterReply(ex77(n)), { error })
      })
    }
  })

  describe('success', () => {
    it('XEP-0077 Ex 5: registered', () => deepStrictEqual(parseRegisteredReply(ex77(5)), { data: { registered: true } }))
    it('XEP-0077 Ex 12: unregistered', () => deepStrictEqual(parseUnregisterReply(ex77(12)), { data: true }))
    it('XEP-0077 Ex 19: password changed', () => deepStrictEqual(parseRegisteredReply(ex77(19)), { data: { registered: true } }))
  })
})
