// Validation before sending: the XEP-0122 examples (verbatim fixtures) parsed, then filled in
// and checked; required fields, open and closed lists, range, regex, list-range; the plugin
// refusing a form that breaks its rules with nothing sent.
import { deepStrictEqual, equal } from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { parseDataForm } from '../../../src/forms/data-form'
import { invalidFormMessage, REASONS, validateForm, type FormVerdict } from '../../../src/forms/form-rules'
import type { DataForm, FormField } from '../../../src/core/types'
import { xml } from '../../support/fixtures'
import { HOSTS } from '../../support/host'
import { onlineSession } from '../../support/session'

const fixture = (n: number): string =>
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'xep-0122', `ex-${String(n).padStart(2, '0')}.xml`), 'utf8')

/** The field of XEP-0122 example `n` (a lone <field/>), parsed as part of a form. */
const field = (n: number): FormField => parseDataForm(xml(`<x xmlns='jabber:x:data' type='form'>${fixture(n)}</x>`)).fields[0]!

const EVT_DATE = { var: 'evt.date', type: 'text-single', label: 'Event Date/Time', value: '2003-10-06T11:22:00-07:00' }
const NOTIFY_OPTIONS = ['e-mail', 'jabber/xmpp', 'work phone', 'home phone', 'cell phone'].map((value) => ({ value }))

describe('XEP-0122 examples parsed', () => {
  const PARSED: Array<[number, FormField]> = [
    [1, { ...EVT_DATE, validate: { datatype: 'xs:dateTime' } }],
    [2, { ...EVT_DATE, validate: { datatype: 'xs:dateTime', method: 'basic' } }],
    [3, {
      var: 'evt.category', type: 'list-single', label: 'Event Category',
      validate: { datatype: 'xs:string', method: 'open' },
      options: [{ value: 'holiday' }, { value: 'reminder' }, { value: 'appointment' }]
    }],
    [4, { ...EVT_DATE, validate: { datatype: 'xs:dateTime', method: 'range', min: '2003-10-05T00:00:00-07:00', max: '2003-10-24T23:59:59-07:00' } }],
    [5, {
      var: 'ssn', type: 'text-single', label: 'Social Security Number',
      description: "This field should be your SSN, including '-' (e.g. 123-12-1234)",
      validate: { datatype: 'xs:string', method: 'regex', regex: '([0-9]{3})-([0-9]{2})-([0-9]{4})' }
    }],
    [6, {
      var: 'evt.notify-methods', type: 'list-multi', label: 'Notify me by',
      validate: { datatype: 'xs:string', method: 'basic', listRange: { min: 1, max: 3 } },
      options: NOTIFY_OPTIONS
    }]
  ]
  for (const [n, expected] of PARSED) it(`Ex ${n}`, () => deepStrictEqual(field(n), expected))

  it('Ex 7: <validate/> under the recommended xdv prefix declared on <x/>', () => {
    deepStrictEqual(parseDataForm(xml(fixture(7))), {
      title: 'Sample Form',
      instructions: '\n    Please provide information for the following fields...\n  ',
      fields: [
        { var: 'name', type: 'text-single', label: 'Event Name' },
        { var: 'date/start', type: 'text-single', label: 'Starting Date', validate: { datatype: 'xs:date', method: 'basic' } },
        { var: 'date/end', type: 'text-single', label: 'Ending Date', validate: { datatype: 'xs:date', method: 'basic' } }
      ]
    })
  })
})

/** A form (as `get` returns it) of `fields`, the first with `value`. */
const filled = (base: FormField, value: unknown): DataForm => {
  const f: FormField = { ...base }
  if (value === undefined) delete f.value
  else f.value = value as FormField['value'] // numbers too, as a socket may send them
  return { formType: 'urn:example', fields: [f] }
}

const refused = (name: string, reason: string): FormVerdict => ({ ok: false, fields: [{ var: name, reason }] })
const OK: FormVerdict = { ok: true }

describe('validateForm', () => {
  const text = (validate: FormField['validate'], extra: FormField = {}): FormField => ({ var: 'x', type: 'text-single', validate, ...extra })
  // [case, field, value, verdict]
  const CASES: Array<[string, FormField, unknown, FormVerdict]> = [
    ['Ex 1 with its own value', field(1), '2003-10-06T11:22:00-07:00', OK],
    ['Ex 1: a date is no xs:dateTime', field(1), '2003-10-06', refused('evt.date', REASONS.datatype('xs:dateTime'))],
    ['Ex 2 (basic) with its own value', field(2), '2003-10-06T11:22:00-07:00', OK],
    ['Ex 2: 25 o\'clock', field(2), '2003-10-06T25:22:00-07:00', refused('evt.date', 'Not a valid xs:dateTime')],
    ['Ex 3 (open list): a value among the options', field(3), 'holiday', OK],
    ['Ex 3 (open list): a value of the user\'s own', field(3), 'birthday', OK],
    ['Ex 4 (range) with its own value', field(4), '2003-10-06T11:22:00-07:00', OK],
    ['Ex 4: the minimum itself, in UTC', field(4), '2003-10-05T07:00:00Z', OK],
    ['Ex 4: a second before the minimum', field(4), '2003-10-04T23:59:59-07:00', refused('evt.date', 'Less than the minimum 2003-10-05T00:00:00-07:00')],
    ['Ex 4: after the maximum', field(4), '2003-10-25T00:00:00-07:00', refused('evt.date', 'More than the maximum 2003-10-24T23:59:59-07:00')],
    ['Ex 4: no time zone, but surely within', field(4), '2003-10-10T12:00:00', OK],
    ['Ex 4: no time zone, within 14 hours of the minimum', field(4), '2003-10-05T01:00:00', refused('evt.date', REASONS.incomparable('2003-10-05T00:00:00-07:00'))],
    ['Ex 5 (regex): an SSN', field(5), '123-12-1234', OK],
    ['Ex 5: digits only', field(5), '123121234', refused('ssn', 'Does not match the pattern ([0-9]{3})-([0-9]{2})-([0-9]{4})')],
    ['Ex 5: the pattern must match the whole value', field(5), '123-12-1234 ', refused('ssn', REASONS.pattern('([0-9]{3})-([0-9]{2})-([0-9]{4})'))],
    ['Ex 5: empty and not required', field(5), '', OK],
    ['Ex 6 (list-range 1–3): none chosen', field(6), [], refused('evt.notify-methods', 'Choose at least 1')],
    ['Ex 6: one', field(6), ['e-mail'], OK],
    ['Ex 6: three', field(6), ['e-mail', 'work phone', 'cell phone'], OK],
    ['Ex 6: four', field(6), ['e-mail', 'work phone', 'home phone', 'cell phone'], refused('evt.notify-methods', 'Choose at most 3')],
    ['Ex 6 (basic, so closed): a value not among the options', field(6), ['fax'], refused('evt.notify-methods', 'Not one of the options')],
    ['required, no value', { var: 'user', type: 'text-single', required: true }, undefined, refused('user', 'Required')],
    ['required, blank', { var: 'user', type: 'text-single', required: true }, ' \t', refused('user', 'Required')],
    ['required, given', { var: 'user', type: 'text-single', required: true }, 'bill', OK],
    ['required boolean, false', { var: 'agree', type: 'boolean', required: true }, false, OK],
    ['required list-multi, none chosen', { var: 'l', type: 'list-multi', required: true, options: [{ value: 'a' }] }, [], refused('l', 'Required')],
    ['required without a type', { var: 'user', required: true }, '', refused('user', 'Required')],
    ['required hidden field (sent back as given)', { var: 'h', type: 'hidden', required: true }, undefined, OK],
    ['closed list-single, not an option', { var: 'c', type: 'list-single', options: [{ value: 'a' }, { value: 'b' }] }, 'z', refused('c', 'Not one of the options')],
    ['closed list-single, an option', { var: 'c', type: 'list-single', options: [{ value: 'a' }, { value: 'b' }] }, 'b', OK],
    ['list-single without options', { var: 'c', type: 'list-single', options: [] }, 'z', OK],
    ['list-single with regex is open (XEP-0122 §3.2)', { var: 'c', type: 'list-single', options: [{ value: 'a' }], validate: { method: 'regex', regex: '[a-z]+' } }, 'zz', OK],
    ['list-single with regex: the pattern still applies', { var: 'c', type: 'list-single', options: [{ value: 'a' }], validate: { method: 'regex', regex: '[a-z]+' } }, 'Z', refused('c', 'Does not match the pattern [a-z]+')],
    ['an unknown datatype is xs:string', text({ datatype: 'xs:gYear' }), 'whatever', OK],
    ['an unknown method is basic', text({ datatype: 'xs:integer', method: 'x:custom' as 'basic' }), 'abc', refused('x', 'Not a valid xs:integer')],
    ['an unknown method on a list is basic: closed', { var: 'c', type: 'list-single', options: [{ value: 'a' }], validate: { method: 'x:custom' as 'basic' } }, 'z', refused('c', 'Not one of the options')],
    ['xs:integer range, exact past 2^64', text({ datatype: 'xs:integer', method: 'range', max: '18446744073709551615' }), '18446744073709551616', refused('x', 'More than the maximum 18446744073709551615')],
    ['xs:integer range, at the maximum', text({ datatype: 'xs:integer', method: 'range', max: '18446744073709551615' }), '18446744073709551615', OK],
    ['xs:byte, a number value', text({ datatype: 'xs:byte' }), 127, OK],
    ['xs:byte, out of its range', text({ datatype: 'xs:byte' }), 128, refused('x', 'Not a valid xs:byte')],
    ['xs:decimal range', text({ datatype: 'xs:decimal', method: 'range', min: '0.1' }), '0.09999999999999999999', refused('x', 'Less than the minimum 0.1')],
    ['xs:double range, NaN', text({ datatype: 'xs:double', method: 'range', min: '0' }), 'NaN', refused('x', REASONS.incomparable('0'))],
    ['a range on xs:string is ignored (XEP-0122 §5.7)', text({ datatype: 'xs:string', method: 'range', min: 'm' }), 'a', OK],
    ['a range bound the datatype cannot read is ignored', text({ datatype: 'xs:integer', method: 'range', min: 'ten', max: '20' }), '5', OK],
    // Issue 21 #6 (refused before): the pattern applies after the whiteSpace rule, collapse for all but xs:string.
    ['xs:integer regex: the value collapsed first', text({ datatype: 'xs:integer', method: 'regex', regex: '[0-9]{1,3}' }), ' 42 ', OK],
    ['xs:anyURI regex: inner runs of white space become one space', text({ datatype: 'xs:anyURI', method: 'regex', regex: 'a b' }), '\ta \n\n b ', OK],
    ['xs:string regex: white space preserved', text({ datatype: 'xs:string', method: 'regex', regex: '[0-9]{1,3}' }), ' 42 ', refused('x', 'Does not match the pattern [0-9]{1,3}')],
    ['an unusable pattern is basic (and never hangs)', text({ method: 'regex', regex: '(a+)+b' }), 'a'.repeat(64) + '!', OK],
    ['a value too long for the pattern\'s budget is not tested', text({ method: 'regex', regex: 'a*b*c*x' }), 'a'.repeat(300), OK],
    ['text-multi: each line of the datatype', { var: 't', type: 'text-multi', validate: { datatype: 'xs:integer' } }, '1\n2\nx', refused('t', 'Not a valid xs:integer')],
    ['text-multi: empty lines are no values', { var: 't', type: 'text-multi', validate: { datatype: 'xs:integer' } }, '1\n\n2', OK],
    ['list-range on a list-single is ignored', { var: 'c', type: 'list-single', validate: { listRange: { min: 2 } } }, 'a', OK],
    ['a value it cannot read is left to the request check', { var: 'x', type: 'text-single', required: true }, { no: 'text' }, OK]
  ]
  for (const [name, base, value, verdict] of CASES) {
    it(name, () => deepStrictEqual(validateForm(filled(base, value)), verdict))
  }

  it('names every offending field, in form order (Ex 7 filled in)', () => {
    const form = parseDataForm(xml(fixture(7)))
    form.fields[0]!.value = 'Globe opening'
    form.fields[1]!.value = 'tomorrow'
    form.fields[2]!.value = '1599-02-30'
    deepStrictEqual(validateForm(form), {
      ok: false,
      fields: [{ var: 'date/start', reason: 'Not a valid xs:date' }, { var: 'date/end', reason: 'Not a valid xs:date' }]
    })
    form.fields[1]!.value = '1599-06-12'
    form.fields[2]!.value = '1599-06-13Z'
    deepStrictEqual(validateForm(form), OK)
  })

  it('passes an array of { var, value } pairs (no rules) and never throws on junk', () => {
    const junk: unknown[] = [
      [{ var: 'user', required: true, value: '' }], null, undefined, 5, 'form', {}, { fields: 'x' },
      { fields: [null, 5, 'x', [], { required: true, value: [[]] }, { validate: 'x', value: 'a' }, { validate: { listRange: 'x', method: 7 }, type: 'list-multi' }, { options: 'x', type: 'list-single', value: 'a' }, { options: [null, 5, { value: {} }], type: 'list-single', value: 'a' }] }
    ]
    deepStrictEqual(junk.map(validateForm), junk.map((): FormVerdict => OK).slice(0, 7).concat([
      { ok: false, fields: [{ var: '', reason: 'Not one of the options' }] }
    ]))
  })

  it('describes the error by naming the fields', () => {
    equal(invalidFormMessage([{ var: 'username', reason: 'Required' }, { var: 'age', reason: 'Not a valid xs:integer' }]), "Form fields not valid: 'username', 'age'")
  })
})

for (const { version, pkg } of HOSTS) {
  describe(`validation before sending, plugin in xmpp-ftw ${version}`, () => {
    const FORM: DataForm = {
      formType: 'jabber:iq:register',
      fields: [
        { var: 'username', type: 'text-single', required: true, value: '' },
        { var: 'password', type: 'text-private', required: true, value: 'Calliope' },
        { var: 'age', type: 'text-single', validate: { datatype: 'xs:integer', method: 'range', min: '18' }, value: '13' },
        { var: 'ssn', type: 'text-single', validate: { datatype: 'xs:string', method: 'regex', regex: '([0-9]{3})-([0-9]{2})-([0-9]{4})' }, value: '123-12-1234' }
      ]
    }
    const FIELDS = [{ var: 'username', reason: 'Required' }, { var: 'age', reason: 'Less than the minimum 18' }]

    for (const event of ['xmpp.register.set', 'xmpp.register.unregister', 'xmpp.register.password']) {
      it(`${event}: a form breaking its rules is a client error naming every field, nothing sent`, async () => {
        const s = onlineSession(pkg, { timeout: 200 })
        const request = { to: 'shakespeare.lit', form: FORM }
        // The echo keeps the form, but not the text-private password's value.
        const echo = { to: 'shakespeare.lit', form: { ...FORM, fields: FORM.fields.map((f) => (f.var === 'password' ? { ...f, value: '(hidden)' } : f)) } }
        deepStrictEqual(await s.call(event, request), [{
          type: 'modify', condition: 'client-error', description: "Form fields not valid: 'username', 'age'", request: echo, fields: FIELDS
        }])
        equal(s.client.sent.length, 0)
        equal(s.register.pending, 0)
      })
    }

    it('a form within its rules goes out', async () => {
      const s = onlineSession(pkg, { timeout: 200 })
      const form = structuredClone(FORM)
      form.fields[0]!.value = 'bill'
      form.fields[2]!.value = '42'
      const answer = s.call('xmpp.register.set', { to: 'shakespeare.lit', form })
      equal(s.client.sent.length, 1)
      s.client.reply("<iq type='result'/>", { from: 'shakespeare.lit' })
      deepStrictEqual(await answer, [null, { registered: true }])
    })

    it('the array form carries no rules: only FORM_TYPE-level checks', async () => {
      const s = onlineSession(pkg, { timeout: 200 })
      const answer = s.call('xmpp.register.set', { to: 'shakespeare.lit', form: [{ var: 'username', value: '' }] })
      equal(s.client.sent.length, 1)
      s.client.reply("<iq type='result'/>", { from: 'shakespeare.lit' })
      deepStrictEqual(await answer, [null, { registered: true }])
    })
  })
}
