// The example page's XEP-0122 rules as input attributes (examples/web/app/input-rules.ts):
// what the browser checks before the page sends a form. The plugin checks again (form-rules).
import { deepStrictEqual } from 'node:assert/strict'

import { inputAttributes, patternAttribute } from '../../../examples/web/app/input-rules'
import type { FormField } from '../../../src/core/types'

describe('example page: XEP-0122 rules as input attributes', () => {
  describe('inputAttributes', () => {
    const CASES: Array<[string, FormField, Record<string, string>]> = [
      ['no rules', { var: 'x', type: 'text-single' }, {}],
      ['required', { var: 'x', type: 'text-single', required: true }, { required: '' }],
      ['required, no type (text-single)', { var: 'x', required: true }, { required: '' }],
      ['required on a list and a text-multi', { var: 'x', type: 'list-single', required: true }, { required: '' }],
      ['not required on a checkbox (unticked is false, a value)', { var: 'x', type: 'boolean', required: true }, {}],
      ['not on hidden or fixed fields', { var: 'x', type: 'hidden', required: true }, {}],
      ['xs:integer: a number, no bounds', { var: 'n', type: 'text-single', validate: { datatype: 'xs:integer', method: 'basic' } }, { type: 'number', step: '1' }],
      ['xs:integer with a range', { var: 'n', type: 'text-single', validate: { datatype: 'xs:integer', method: 'range', min: '5', max: '10' } },
        { type: 'number', step: '1', min: '5', max: '10' }],
      ['xs:byte: the type’s bounds', { var: 'n', type: 'text-single', validate: { datatype: 'xs:byte' } }, { type: 'number', step: '1', min: '-128', max: '127' }],
      ['xs:short with only a min: max from the type', { var: 'n', type: 'text-single', validate: { datatype: 'xs:short', method: 'range', min: '0' } },
        { type: 'number', step: '1', min: '0', max: '32767' }],
      ['xs:int, required', { var: 'n', type: 'text-single', required: true, validate: { datatype: 'xs:int' } },
        { required: '', type: 'number', step: '1', min: '-2147483648', max: '2147483647' }],
      ['xs:long: no bounds from the type (beyond a double)', { var: 'n', type: 'text-single', validate: { datatype: 'xs:long' } }, { type: 'number', step: '1' }],
      ['a range bound that is no integer is left out', { var: 'n', type: 'text-single', validate: { datatype: 'xs:integer', method: 'range', min: '1.5', max: 'ten' } },
        { type: 'number', step: '1' }],
      ['range bounds without method range are ignored', { var: 'n', type: 'text-single', validate: { datatype: 'xs:integer', method: 'basic', min: '1' } },
        { type: 'number', step: '1' }],
      ['xs:date with a range', { var: 'd', type: 'text-single', validate: { datatype: 'xs:date', method: 'range', min: '2003-10-24', max: '2003-12-31' } },
        { type: 'date', min: '2003-10-24', max: '2003-12-31' }],
      ['xs:date with a timezone bound: left out', { var: 'd', type: 'text-single', validate: { datatype: 'xs:date', method: 'range', min: '2003-10-24Z' } }, { type: 'date' }],
      ['xs:decimal, xs:dateTime and others: only the plugin checks', { var: 'x', type: 'text-single', validate: { datatype: 'xs:decimal', method: 'range', min: '0.5' } }, {}],
      ['an integer datatype on a text-private field stays a password input', { var: 'pin', type: 'text-private', validate: { datatype: 'xs:integer' } }, {}],
      ['an integer datatype on a list: nothing', { var: 'n', type: 'list-single', validate: { datatype: 'xs:integer' } }, {}],
      ['regex (XEP-0122 "Regular expression validation", its groups made non-capturing)',
        { var: 'ssn', type: 'text-single', label: 'Social Security Number', validate: { datatype: 'xs:string', method: 'regex', regex: '([0-9]{3})-([0-9]{2})-([0-9]{4})' } },
        { pattern: '^(?:(?:[0-9]{3})-(?:[0-9]{2})-(?:[0-9]{4}))$' }],
      ['xs:dateTime range (XEP-0122 "Range validation"): only the plugin checks',
        { var: 'evt.date', type: 'text-single', label: 'Event Date/Time', validate: { datatype: 'xs:dateTime', method: 'range', min: '2003-10-05T00:00:00-07:00', max: '2003-10-24T23:59:59-07:00' } }, {}],
      ['regex on a password field', { var: 'pw', type: 'text-private', required: true, validate: { method: 'regex', regex: '[a-z]+' } },
        { required: '', pattern: '^(?:[a-z]+)$' }],
      ['regex on a text-multi: nothing (no pattern on a textarea)', { var: 'x', type: 'text-multi', validate: { method: 'regex', regex: '[a-z]+' } }, {}],
      ['a regex the translation refuses: no pattern', { var: 'x', type: 'text-single', validate: { method: 'regex', regex: '(a)\\1' } }, {}]
    ]
    for (const [title, field, expected] of CASES) it(title, () => deepStrictEqual(inputAttributes(field), expected))
  })

  describe('patternAttribute', () => {
    const CASES: Array<[string, string, string | undefined]> = [
      ['XML Schema \\d', '\\d{4}', '^(?:\\p{Nd}{4})$'],
      ['one variable quantifier: linear, kept', '[A-Z][a-z]*', '^(?:[A-Z][a-z]*)$'],
      ['two variable quantifiers: left to the plugin', '[a-z]+@[a-z]+', undefined],
      ['nested repetition (exponential): refused by the translation', '(a+)+', undefined],
      ['a back-reference: refused by the translation', '(a)\\1', undefined],
      ['a class HTML’s v-mode RegExp does not compile', '[a(]', undefined]
    ]
    for (const [title, regex, expected] of CASES) it(`${title}: ${regex}`, () => deepStrictEqual(patternAttribute(regex), expected))
  })
})
