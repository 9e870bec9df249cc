// Socket JSON → checked command → <iq/>, compared whole with the XEPs' request examples.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'

import type { Element } from 'ltx'

import { buildGet, buildPasswordChange, buildSet, buildUnregister } from '../../../src/xep0077/stanzas'
import { checkGet, checkPassword, checkSet, checkUnregister, type Checked } from '../../../src/xep0077/validate'
import { canonical, ex77 } from '../../support/fixtures'

const command = <C>(checked: Checked<C>): C => {
  if (!checked.ok) throw new Error(`refused: ${checked.message}`)
  return checked.command
}

interface Case {
  name: string
  built: () => Element
  expected: () => Element
  /** Root attributes the example has that the request JSON cannot set (or lacks). */
  omit: string[]
}

const CASES: Case[] = [
  {
    name: 'XEP-0077 Ex 1: get',
    built: () => buildGet('reg1', command(checkGet({ to: 'shakespeare.lit' }))),
    expected: () => ex77(1),
    omit: []
  },
  {
    name: 'XEP-0077 Ex 4: set with legacy fields',
    built: () => buildSet('reg2', command(checkSet({
      to: 'shakespeare.lit',
      email: 'bard@shakespeare.lit',
      password: 'Calliope',
      username: 'bill'
    }))),
    expected: () => ex77(4),
    omit: ['to']
  },
  {
    name: 'XEP-0077 Ex 10: set with a form',
    built: () => buildSet('reg4', command(checkSet({
      to: 'contests.shakespeare.lit',
      form: [
        { var: 'first', type: 'text-single', label: 'Given Name', value: 'Juliet' },
        { var: 'last', type: 'text-single', label: 'Family Name', value: 'Capulet' },
        { var: 'email', type: 'text-single', label: 'Email Address', value: 'juliet@capulet.com' },
        { var: 'x-gender', type: 'list-single', label: 'Gender', value: 'F' }
      ]
    }))),
    expected: () => ex77(10),
    omit: ['from']
  },
  {
    name: 'XEP-0077 Ex 11: unregister with <remove/>',
    built: () => buildUnregister('unreg1', command(checkUnregister({ to: 'shakespeare.lit' }))),
    expected: () => ex77(11),
    omit: ['from', 'to']
  },
  {
    name: 'XEP-0077 Ex 17: unregister with the cancellation form',
    built: () => buildUnregister('unreg2', command(checkUnregister({
      to: 'shakespeare.lit',
      form: [
        { var: 'username', type: 'text-single', value: 'bill@shakespeare.lit' },
        { var: 'password', type: 'text-private', value: 'theglobe' },
        { var: 'x-mmn', type: 'text-single', value: 'Throckmorton' }
      ]
    }))),
    expected: () => ex77(17),
    omit: ['from']
  },
  {
    name: 'XEP-0077 Ex 18: password change',
    built: () => buildPasswordChange('change1', command(checkPassword({ to: 'shakespeare.lit', username: 'bill', password: 'newpass' }, undefined))),
    expected: () => ex77(18),
    omit: []
  },
  {
    name: 'XEP-0077 Ex 18: password change, username from the session',
    built: () => buildPasswordChange('change1', command(checkPassword({ to: 'shakespeare.lit', password: 'newpass' }, 'bill'))),
    expected: () => ex77(18),
    omit: []
  },
  {
    name: 'XEP-0077 Ex 24: password change form',
    built: () => buildPasswordChange('change2', command(checkPassword({
      to: 'shakespeare.lit',
      form: [
        { var: 'username', type: 'text-single', value: 'bill@shakespeare.lit' },
        { var: 'old_password', type: 'text-private', value: 'theglobe' },
        { var: 'password', type: 'text-private', value: 'groundlings' },
        { var: 'x-mmn', type: 'text-single', value: 'Throckmorton' }
      ]
    }, 'bill'))),
    expected: () => ex77(24),
    omit: ['from']
  }
]

describe('stanzas: request JSON to XML', () => {
  for (const { name, built, expected, omit } of CASES) {
    it(name, () => equal(canonical(built(), omit), canonical(expected(), omit)))
  }

  it('addresses every request to the given JID', () => {
    equal(buildSet('a', command(checkSet({ to: 'shakespeare.lit', username: 'bill' }))).attrs.to, 'shakespeare.lit')
    equal(buildUnregister('a', command(checkUnregister({ to: 'shakespeare.lit' }))).attrs.to, 'shakespeare.lit')
  })

  it('sends all 17 legacy fields in XEP-0077 schema order', () => {
    const fields = ['key', 'text', 'misc', 'date', 'url', 'phone', 'zip', 'state', 'city', 'address',
      'email', 'last', 'first', 'name', 'password', 'nick', 'username']
    const request: Record<string, string> = { to: 'example.org' }
    for (const f of fields) request[f] = `${f}-value`
    const xml = buildSet('id1', command(checkSet(request))).toString()
    equal(xml, '<iq type="set" to="example.org" id="id1"><query xmlns="jabber:iq:register">' +
      [...fields].reverse().map((f) => `<${f}>${f}-value</${f}>`).join('') + '</query></iq>')
  })

  it('sends the form and not the legacy fields when both are given (XEP-0077 §6)', () => {
    const iq = buildSet('id1', command(checkSet({ to: 'example.org', username: 'bill', form: [{ var: 'username', value: 'will' }] })))
    equal(iq.toString(), '<iq type="set" to="example.org" id="id1"><query xmlns="jabber:iq:register">' +
      '<x xmlns="jabber:x:data" type="submit"><field type="hidden" var="FORM_TYPE"><value>jabber:iq:register</value></field>' +
      '<field var="username"><value>will</value></field></x></query></iq>')
  })

  describe('FORM_TYPE', () => {
    const formTypes = (iq: Element): string[] =>
      iq.getChild('query')!.getChild('x')!.getChildren('field')
        .filter((f) => f.attrs.var === 'FORM_TYPE').map((f) => f.getChildText('value') ?? '')

    const MUC = 'http://jabber.org/protocol/muc#register'
    const ONE_FIELD = [{ var: 'username', value: 'bill' }]
    const table: Array<[string, () => Element, string]> = [
      ['set defaults to jabber:iq:register', () => buildSet('i', command(checkSet({ to: 'a.b', form: ONE_FIELD }))), 'jabber:iq:register'],
      ['unregister defaults to jabber:iq:register:cancel', () => buildUnregister('i', command(checkUnregister({ to: 'a.b', form: ONE_FIELD }))), 'jabber:iq:register:cancel'],
      ['password defaults to jabber:iq:register:changepassword', () => buildPasswordChange('i', command(checkPassword({ to: 'a.b', form: ONE_FIELD }, 'u'))), 'jabber:iq:register:changepassword'],
      ['a form from get keeps its formType', () => buildSet('i', command(checkSet({ to: 'room@muc.a.b', form: { formType: MUC, fields: [{ var: 'muc#register_roomnick', value: 'bill' }] } }))), MUC],
      ['a FORM_TYPE field in the list is used once', () => buildSet('i', command(checkSet({ to: 'room@muc.a.b', form: [{ var: 'FORM_TYPE', type: 'hidden', value: MUC }, { var: 'muc#register_roomnick', value: 'bill' }] }))), MUC],
      // Found by the round-trip property: the parser trims FORM_TYPE, so the builder must too.
      ['white space around formType is not sent', () => buildSet('i', command(checkSet({ to: 'a.b', form: { formType: ` ${MUC}\n`, fields: ONE_FIELD } }))), MUC],
      ['a blank formType falls back to the default', () => buildSet('i', command(checkSet({ to: 'a.b', form: { formType: '  ', fields: ONE_FIELD } }))), 'jabber:iq:register'],
      ['a FORM_TYPE field beats formType', () => buildSet('i', command(checkSet({ to: 'a.b', form: { formType: 'urn:other', fields: [{ var: 'FORM_TYPE', value: MUC }] } }))), MUC]
    ]
    for (const [name, build, expected] of table) {
      it(name, () => deepStrictEqual(formTypes(build()), [expected]))
    }
  })

  it('submits values as XEP-0004 text: booleans, numbers, lists; leaves out fixed fields', () => {
    const iq = buildSet('i', command(checkSet({
      to: 'a.b',
      form: {
        fields: [
          { var: 'agree', type: 'boolean', value: true },
          { var: 'age', value: 42 },
          { var: 'langs', type: 'list-multi', value: ['en', 'fr'] },
          { type: 'fixed', value: 'Section 2' },
          { var: 'empty' },
          { var: 'desc', type: 'text-single', description: 'ignored', options: [] }
        ]
      }
    })))
    const x = iq.getChild('query')!.getChild('x')!
    equal(x.toString(), '<x xmlns="jabber:x:data" type="submit">' +
      '<field type="hidden" var="FORM_TYPE"><value>jabber:iq:register</value></field>' +
      '<field type="boolean" var="agree"><value>true</value></field>' +
      '<field var="age"><value>42</value></field>' +
      '<field type="list-multi" var="langs"><value>en</value><value>fr</value></field>' +
      '<field var="empty"/>' +
      '<field type="text-single" var="desc"/></x>')
  })

  it('escapes XML-special characters in values', () => {
    const xml = buildSet('i', command(checkSet({ to: 'a.b', username: '<b>&"\'' }))).toString()
    ok(xml.includes('<username>&lt;b&gt;&amp;"\'</username>'), xml)
  })
})
