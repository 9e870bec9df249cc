// XEP-0004 forms (with XEP-0221 media and XEP-0122 validation) to JSON: odd input included.
import { deepStrictEqual } from 'node:assert/strict'

import { parseDataForm } from '../../src/data-form'
import type { DataForm } from '../../src/types'
import { xml } from '../support/fixtures'

const form = (inner: string): DataForm => parseDataForm(xml(`<x xmlns='jabber:x:data' type='form'>${inner}</x>`))

const CASES: Array<[string, string, DataForm]> = [
  ['an empty form', '', { fields: [] }],
  ['fixed values stay text', "<field type='fixed'><value>Step 1</value></field><field type='fixed' var='n'><value>42</value><value>more</value></field>",
    { fields: [{ type: 'fixed', value: 'Step 1' }, { type: 'fixed', var: 'n', value: '42\nmore' }] }],
  ['a field without type or var', '<field><value>x</value></field>', { fields: [{ value: 'x' }] }],
  ['booleans: true, 1, false, 0, empty', "<field type='boolean' var='a'><value>true</value></field><field type='boolean' var='b'><value>1</value></field>" +
    "<field type='boolean' var='c'><value>false</value></field><field type='boolean' var='d'><value>0</value></field><field type='boolean' var='e'><value/></field>",
  { fields: [{ type: 'boolean', var: 'a', value: true }, { type: 'boolean', var: 'b', value: true }, { type: 'boolean', var: 'c', value: false },
    { type: 'boolean', var: 'd', value: false }, { type: 'boolean', var: 'e', value: false }] }],
  ['multi fields give arrays', "<field type='list-multi' var='l'><value>a</value><value>b</value></field><field type='jid-multi' var='j'/><field type='text-multi' var='t'><value>x</value></field>",
    { fields: [{ type: 'list-multi', var: 'l', value: ['a', 'b'] }, { type: 'jid-multi', var: 'j' }, { type: 'text-multi', var: 't', value: ['x'] }] }],
  ['options without values are left out; labels kept', "<field type='list-single' var='s'><option label='No value'/><option><value>v</value></option><option label='L'><value>w</value></option></field>",
    { fields: [{ type: 'list-single', var: 's', options: [{ value: 'v' }, { label: 'L', value: 'w' }] }] }],
  ['stray text and unknown elements are ignored', "text<title>T</title>more<field var='f'>junk<desc>D</desc><value>v</value><unknown/></field><item/>",
    { title: 'T', fields: [{ var: 'f', description: 'D', value: 'v' }] }],
  ['several instructions are joined with new lines', '<instructions>one</instructions><instructions>two</instructions>', { instructions: 'one\ntwo', fields: [] }],
  ['the first FORM_TYPE is the formType, none is listed', "<field var='FORM_TYPE' type='hidden'><value> urn:a </value></field><field var='FORM_TYPE'><value>urn:b</value></field>",
    { formType: 'urn:a', fields: [] }],
  ['a FORM_TYPE without value gives no formType', "<field var='FORM_TYPE' type='hidden'/>", { fields: [] }],
  ['XEP-0221 media: several URIs, sizes that are not numbers left out, empty URIs dropped',
    "<field var='m'><media xmlns='urn:xmpp:media-element' height='abc' width='16'><uri type='audio/x-wav'>http://a/b.wav</uri><uri>  </uri><uri type='image/png'> cid:sha1+x@bob.xmpp.org </uri></media></field>",
    { fields: [{ var: 'm', media: [{ width: 16, uris: [{ type: 'audio/x-wav', uri: 'http://a/b.wav' }, { type: 'image/png', uri: 'cid:sha1+x@bob.xmpp.org' }] }] }] }],
  ['media in another namespace is not media', "<field var='m'><media><uri>http://a</uri></media></field>", { fields: [{ var: 'm' }] }],
  ['XEP-0122 range validation', "<field var='age' type='text-single'><validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:integer'><range min='5' max='10'/></validate></field>",
    { fields: [{ var: 'age', type: 'text-single', validate: { datatype: 'xs:integer', method: 'range', min: '5', max: '10' } }] }],
  ['XEP-0122 regex validation', "<field var='z'><validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:string'><regex>([0-9]{3})-([0-9]{2})</regex></validate></field>",
    { fields: [{ var: 'z', validate: { datatype: 'xs:string', method: 'regex', regex: '([0-9]{3})-([0-9]{2})' } }] }],
  ['XEP-0122 list-range with open validation', "<field var='l' type='list-multi'><validate xmlns='http://jabber.org/protocol/xdata-validate'><open/><list-range min='1' max='x'/></validate></field>",
    { fields: [{ var: 'l', type: 'list-multi', validate: { method: 'open', listRange: { min: 1 } } }] }],
  ['XEP-0122 basic validation, the first method counts', "<field var='b'><validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:date'><basic/><open/></validate></field>",
    { fields: [{ var: 'b', validate: { datatype: 'xs:date', method: 'basic' } }] }]
]

describe('data forms: XML to JSON', () => {
  for (const [name, inner, expected] of CASES) {
    it(name, () => deepStrictEqual(form(inner), expected))
  }
})
