// XEP-0004 §3.3 values on the way out and back (issue 9): hidden fields keep all their
// values, text-multi text goes out one <value/> per line, and a single-valued field never
// gets several <value/>s.
import { deepStrictEqual } from 'node:assert/strict'

import { parseDataForm } from '../../../src/forms/data-form'
import { buildSet } from '../../../src/xep0077/stanzas'
import { checkSet } from '../../../src/xep0077/validate'
import { xml } from '../../support/fixtures'

const FORM_TYPE = '<field type="hidden" var="FORM_TYPE"><value>jabber:iq:register</value></field>'

/** The `<x/>` a `set` with `form` sends, or the client error. */
const submitted = (form: unknown): string => {
  const checked = checkSet({ to: 'a.lit', form })
  if (!checked.ok) return `refused: ${checked.message}`
  return buildSet('i', checked.command).getChild('query')!.getChild('x')!.toString()
}
const x = (fields: string): string => `<x xmlns="jabber:x:data" type="submit">${FORM_TYPE}${fields}</x>`

describe('form values: XEP-0004 §3.3', () => {
  describe('a hidden field keeps all its values', () => {
    const FORM = "<x xmlns='jabber:x:data' type='form'><field type='hidden' var='h'><value>a</value><value>b</value></field>" +
      "<field type='hidden' var='one'><value>c</value></field><field type='text-single' var='t'/></x>"
    it('get: several values become an array, one stays a string', () => {
      deepStrictEqual(parseDataForm(xml(FORM)), {
        fields: [{ type: 'hidden', var: 'h', value: ['a', 'b'] }, { type: 'hidden', var: 'one', value: 'c' }, { type: 'text-single', var: 't' }]
      })
    })
    it('set: the form from get goes back with every hidden value, unmodified', () => {
      const form = parseDataForm(xml(FORM))
      form.fields[2]!.value = 'typed'
      deepStrictEqual(submitted(form), x('<field type="hidden" var="h"><value>a</value><value>b</value></field>' +
        '<field type="hidden" var="one"><value>c</value></field><field type="text-single" var="t"><value>typed</value></field>'))
    })
  })

  // [name, form, the <field/>s sent or the client error]
  const CASES: Array<[string, unknown, string]> = [
    ['text-multi: one <value/> per line (LF, CRLF, CR)', [{ var: 'bio', type: 'text-multi', value: 'one\ntwo\r\nthree\rfour' }],
      x('<field type="text-multi" var="bio"><value>one</value><value>two</value><value>three</value><value>four</value></field>')],
    ['text-multi: an empty line stays a line', [{ var: 'bio', type: 'text-multi', value: 'one\n\nthree\n' }],
      x('<field type="text-multi" var="bio"><value>one</value><value></value><value>three</value><value></value></field>')],
    ['text-multi: lines inside array items are split too', [{ var: 'bio', type: 'text-multi', value: ['a\nb', 'c'] }],
      x('<field type="text-multi" var="bio"><value>a</value><value>b</value><value>c</value></field>')],
    ['text-single: new lines are left alone', [{ var: 's', type: 'text-single', value: 'a\nb' }],
      x('<field type="text-single" var="s"><value>a\nb</value></field>')],
    ['list-multi and jid-multi: several values', [{ var: 'l', type: 'list-multi', value: ['a', 'b'] }, { var: 'j', type: 'jid-multi', value: ['a@b', 'c@d'] }],
      x('<field type="list-multi" var="l"><value>a</value><value>b</value></field><field type="jid-multi" var="j"><value>a@b</value><value>c@d</value></field>')],
    ['a field without type may have several values (the xmpp-ftw array form)', [{ var: 'u', value: ['a', 'b'] }],
      x('<field var="u"><value>a</value><value>b</value></field>')],
    ['a one-item array on a single-valued field is one value', [{ var: 's', type: 'list-single', value: ['F'] }],
      x('<field type="list-single" var="s"><value>F</value></field>')],
    ['text-single with two values', [{ var: 'first', type: 'text-single', value: ['a', 'b'] }],
      "refused: Field 'first' (text-single) takes one value"],
    ['text-private with two values', [{ var: 'password', type: 'text-private', value: ['a', 'b'] }],
      "refused: Field 'password' (text-private) takes one value"],
    ['boolean with two values', [{ var: 'agree', type: 'boolean', value: [true, false] }],
      "refused: Field 'agree' (boolean) takes one value"],
    ['list-single with two values', [{ var: 'x-gender', type: 'list-single', value: ['M', 'F'] }],
      "refused: Field 'x-gender' (list-single) takes one value"],
    ['jid-single with two values', [{ var: 'j', type: 'jid-single', value: ['a@b', 'c@d'] }],
      "refused: Field 'j' (jid-single) takes one value"]
  ]
  for (const [name, form, expected] of CASES) {
    it(name, () => deepStrictEqual(submitted(form), expected))
  }
})
