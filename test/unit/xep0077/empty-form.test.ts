// An empty form is no form (issue 9): `form: []` or `{fields: []}` beside legacy fields
// sends the legacy request, as 1.1.8 did, for set, password and unregister.
import { equal } from 'node:assert/strict'

import type { Element } from 'ltx'

import { buildPasswordChange, buildSet, buildUnregister } from '../../../src/xep0077/stanzas'
import { checkPassword, checkSet, checkUnregister, type Checked } from '../../../src/xep0077/validate'

const command = <C>(checked: Checked<C>): C => {
  if (!checked.ok) throw new Error(`refused: ${checked.message}`)
  return checked.command
}

const IQ = '<iq type="set" to="example.org" id="i"><query xmlns="jabber:iq:register">'
const EMPTY_FORMS: Array<[string, unknown]> = [['[]', []], ['{fields: []}', { fields: [] }], ['{formType, fields: []}', { formType: 'urn:x', fields: [] }]]

const CASES: Array<[string, (form: unknown) => Element, string]> = [
  ['set sends the legacy fields',
    (form) => buildSet('i', command(checkSet({ to: 'example.org', username: 'bill', password: 'Calliope', form }))),
    `${IQ}<username>bill</username><password>Calliope</password></query></iq>`],
  ['set without legacy fields sends an empty query',
    (form) => buildSet('i', command(checkSet({ to: 'example.org', form }))),
    '<iq type="set" to="example.org" id="i"><query xmlns="jabber:iq:register"/></iq>'],
  ['password sends username and the new password',
    (form) => buildPasswordChange('i', command(checkPassword({ to: 'example.org', username: 'bill', password: 'newpass', form }, undefined))),
    `${IQ}<username>bill</username><password>newpass</password></query></iq>`],
  ['unregister sends <remove/>',
    (form) => buildUnregister('i', command(checkUnregister({ to: 'example.org', form }))),
    `${IQ}<remove/></query></iq>`]
]

describe('an empty form is no form', () => {
  for (const [name, build, expected] of CASES) {
    for (const [formName, form] of EMPTY_FORMS) {
      it(`${name} (form: ${formName})`, () => equal(build(form).toString(), expected))
    }
  }
})
