/**
 * XEP-0077 request builders (and XEP-0445's token before registration): checked commands
 * in, `<iq/>` elements out. Pure functions.
 */
import { Element } from 'ltx'

import { buildSubmitForm } from '../forms/data-form'
import { NS_PARS, NS_REGISTER } from '../core/namespaces'
import type { GetCommand, PasswordCommand, SetCommand, UnregisterCommand } from './validate'

/**
 * `<iq type to id><query xmlns='jabber:iq:register'/></iq>`, with the attributes objects made
 * here (what ltx's constructor would copy them into: the same keys in the same order).
 */
const registerIq = (type: 'get' | 'set', to: string, id: string): { iq: Element; query: Element } => {
  const iq = new Element('iq')
  iq.attrs = { type, to, id }
  const query = new Element('query')
  query.attrs = { xmlns: NS_REGISTER }
  return { iq, query: iq.cnode(query) }
}

/** XEP-0077 §3.1 Ex 1: asks `to` which registration fields it needs. */
export const buildGet = (id: string, command: GetCommand): Element => registerIq('get', command.to, id).iq

/** XEP-0077 §3.1 Ex 4 and Ex 10: registers with legacy fields, or with a form (never both). */
export const buildSet = (id: string, command: SetCommand): Element => {
  const { iq, query } = registerIq('set', command.to, id)
  if (command.form !== undefined) {
    query.cnode(buildSubmitForm(command.form))
  } else {
    const fields = command.fields
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!
      query.cnode(new Element(field.name)).children.push(field.value)
    }
  }
  return iq
}

/** XEP-0077 §3.2 Ex 11 and Ex 17: cancels a registration with `<remove/>` or the cancellation form. */
export const buildUnregister = (id: string, command: UnregisterCommand): Element => {
  const { iq, query } = registerIq('set', command.to, id)
  if (command.form !== undefined) query.cnode(buildSubmitForm(command.form))
  else query.c('remove')
  return iq
}

/** XEP-0077 §3.3 Ex 18 and Ex 24: changes the password, with username and password or the change form. */
export const buildPasswordChange = (id: string, command: PasswordCommand): Element => {
  const { iq, query } = registerIq('set', command.to, id)
  if ('form' in command) {
    query.cnode(buildSubmitForm(command.form))
  } else {
    query.c('username').t(command.username)
    query.c('password').t(command.password)
  }
  return iq
}

/** XEP-0445 §4 Ex 2: sends a registration token before the registration; `to` is the server. */
export const buildPreauth = (id: string, to: string, token: string): Element => {
  const iq = new Element('iq', { type: 'set', to, id })
  iq.c('preauth', { xmlns: NS_PARS, token })
  return iq
}
