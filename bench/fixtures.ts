// Requests and replies the benchmarks use: XEP-0077 examples (read once, reused).
import { ex77 } from '../test/support/fixtures'

export const TO = 'shakespeare.lit'
export const OWN_JID = 'bill@shakespeare.lit/globe'

export const SEVENTEEN_FIELDS: Record<string, string> = {
  username: 'bill', nick: 'Bill', password: 'Calliope', name: 'William Shakespeare', first: 'William', last: 'Shakespeare',
  email: 'bard@shakespeare.lit', address: 'Henley Street', city: 'Stratford-upon-Avon', state: 'Warwickshire', zip: 'CV37 6QW',
  phone: '+44 1789 204016', url: 'https://shakespeare.lit/', date: '1564-04-23', misc: 'Playwright', text: 'To be or not to be', key: '8f9e3a'
}

export const TEN_FIELD_FORM = [
  { var: 'first', type: 'text-single', value: 'Juliet' },
  { var: 'last', type: 'text-single', value: 'Capulet' },
  { var: 'email', type: 'text-single', value: 'juliet@capulet.com' },
  { var: 'x-gender', type: 'list-single', value: 'F' },
  { var: 'password', type: 'text-private', value: 'R0m30' },
  { var: 'agree', type: 'boolean', value: true },
  { var: 'langs', type: 'list-multi', value: ['en', 'it'] },
  { var: 'nick', type: 'text-single', value: 'jules' },
  { var: 'city', type: 'text-single', value: 'Verona' },
  { var: 'age', type: 'text-single', value: '13' }
]

/** One in-process scenario: which event, its payload and the reply it gets. */
export interface Scenario {
  name: string
  method: 'get' | 'set' | 'unregister'
  data: Record<string, unknown>
  reply: ReturnType<typeof ex77>
}

type El = ReturnType<typeof ex77>

// White space between elements is dropped, as servers send it: xmpp-ftw-register 1.1.8
// throws on a text node inside <error/>.
const compact = (el: El): El => {
  el.children = el.children.filter((c) => typeof c !== 'string' || c.trim() !== '')
  for (const c of el.children) if (typeof c !== 'string') compact(c as El)
  return el
}

const withFrom = (n: number): El => {
  const reply = compact(ex77(n))
  reply.attrs.from = TO
  return reply
}

export const SCENARIOS: Scenario[] = [
  { name: 'get, Ex 2 (fields)', method: 'get', data: { to: TO }, reply: withFrom(2) },
  { name: 'get, Ex 3 (registered)', method: 'get', data: { to: TO }, reply: withFrom(3) },
  { name: 'get, Ex 9 (form)', method: 'get', data: { to: TO }, reply: withFrom(9) },
  { name: 'get, Ex 25 (OOB)', method: 'get', data: { to: TO }, reply: withFrom(25) },
  { name: 'set, 17 fields', method: 'set', data: { to: TO, ...SEVENTEEN_FIELDS }, reply: withFrom(5) },
  { name: 'set, 10-field form', method: 'set', data: { to: TO, form: TEN_FIELD_FORM }, reply: withFrom(5) },
  // Through `set`: 1.1.8's unregister throws on every error reply (`this.NS` of undefined).
  { name: 'error with form, Ex 16', method: 'set', data: { to: TO, username: 'bill', password: 'theglobe' }, reply: withFrom(16) }
]
