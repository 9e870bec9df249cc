// XEP-0004 forms (with XEP-0221 media and XEP-0122 validation) to JSON: odd input included.
import { deepStrictEqual } from 'node:assert/strict'

import { parseDataForm } from '../../../src/forms/data-form'
import type { DataForm, FormField } from '../../../src/core/types'
import { example, xml } from '../../support/fixtures'

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
  ['stray text and unknown elements are ignored', "text<title>T</title>more<field var='f'>junk<desc>D</desc><value>v</value><unknown/></field><unknown/>",
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
    { fields: [{ var: 'b', validate: { datatype: 'xs:date', method: 'basic' } }] }],
  // XEP-0004 §3.4 result forms, in xmpp-ftw's shape: `reported` a list of fields, `items` a list of lists.
  ['reported and items', "<reported><field var='jid' type='jid-single' label='JID'/><field var='nick' label='Nick'/></reported>" +
    "<item><field var='jid'><value>a@b</value></field><field var='nick'><value>A</value></field></item>" +
    "<item><field var='jid'><value>c@d</value></field><field var='nick'/></item>",
  { fields: [], reported: [{ var: 'jid', type: 'jid-single', label: 'JID' }, { var: 'nick', label: 'Nick' }],
    items: [[{ var: 'jid', value: 'a@b' }, { var: 'nick', value: 'A' }], [{ var: 'jid', value: 'c@d' }, { var: 'nick' }]] }],
  ['items without reported, an empty item, FORM_TYPE left out of items', "<item/><item><field var='FORM_TYPE'><value>urn:x</value></field><field var='n'><value>1</value></field></item>",
    { fields: [], items: [[], [{ var: 'n', value: '1' }]] }],
  ['the first reported counts; typed values in items', "<reported><field var='a' type='boolean'/></reported><reported><field var='z'/></reported>" +
    "<item><field var='a' type='boolean'><value>1</value></field></item>",
  { fields: [], reported: [{ var: 'a', type: 'boolean' }], items: [[{ var: 'a', type: 'boolean', value: true }]] }]
]

describe('data forms: XML to JSON', () => {
  for (const [name, inner, expected] of CASES) {
    it(name, () => deepStrictEqual(form(inner), expected))
  }

  it('XEP-0004 Ex 8: search results', () => {
    const row = (name: string, url: string): FormField[] => [{ var: 'name', value: name }, { var: 'url', value: url }]
    deepStrictEqual(parseDataForm(example('0004', 8).getChild('command')!.getChild('x')!), {
      title: 'Joogle Search: verona',
      fields: [],
      reported: [{ var: 'name' }, { var: 'url' }],
      items: [
        row('Comune di Verona - Benvenuti nel sito ufficiale', 'http://www.comune.verona.it/'),
        row('benvenuto!', 'http://www.hellasverona.it/'),
        row('Universita degli Studi di Verona - Home Page', 'http://www.univr.it/'),
        row('Aeroporti del Garda', 'http://www.aeroportoverona.it/'),
        row('Veronafiere - fiera di Verona', 'http://www.veronafiere.it/')
      ]
    })
  })
})
