// fast-check generators for hostile input: socket payloads, callbacks, XML trees and
// mutations of the XEPs' reply examples.
import fc from 'fast-check'
import { clone, Element } from 'ltx'

import { REGISTRATION_FIELDS } from '../../src/core/fields'

/** Characters that break XML or confuse parsers, mixed with ordinary ones. */
const NASTY_CHARS = ['<', '>', '&', '"', "'", '\u0000', '\u0001', '\u001b', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF',
  '\t', '\n', '\r', ' ', '/', '@', 'a', 'Z', '0', 'é', '漢', '😀', ']]>', '<!--', '&amp;']

/** Any string: full Unicode (lone surrogates included), XML-special pieces, sometimes huge. */
export const nastyString = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 20 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(70000), '\u0000'.repeat(3000), 'é'.repeat(40000)) }
)

/** Text XML 1.0 allows (no control characters, no lone surrogates, no U+FFFE/FFFF). */
export const xmlText = (options: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 16 })
    .filter((s) => !/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(s))

/** JIDs, well-formed or not. */
export const jidish = (): fc.Arbitrary<unknown> => fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('shakespeare.lit', 'Shakespeare.LIT', 'contests.shakespeare.lit', 'room@conference.shakespeare.lit/nick',
    'bill@shakespeare.lit', 'bill@shakespeare.lit/globe', '[::1]') },
  fc.domain(),
  fc.tuple(fc.stringMatching(/^[a-z0-9._-]{1,10}$/), fc.domain(), fc.option(xmlText({ minLength: 1 }), { nil: undefined }))
    .map(([local, domain, resource]) => `${local}@${domain}${resource === undefined ? '' : `/${resource}`}`),
  nastyString(),
  fc.anything()
)

const FIELD_TYPES = ['boolean', 'fixed', 'hidden', 'jid-multi', 'jid-single', 'list-multi', 'list-single', 'text-multi', 'text-private', 'text-single']

const fieldValue = (): fc.Arbitrary<unknown> => fc.oneof(
  nastyString(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.array(fc.oneof(nastyString(), fc.integer(), fc.boolean()), { maxLength: 4 }),
  fc.anything({ maxDepth: 2 })
)

const formField = (): fc.Arbitrary<unknown> => fc.oneof(
  { weight: 4, arbitrary: fc.record({
    var: fc.oneof(fc.constantFrom('username', 'password', 'FORM_TYPE', 'x-gender', 'muc#register_roomnick'), nastyString(), fc.anything({ maxDepth: 1 })),
    type: fc.oneof(fc.constantFrom(...FIELD_TYPES), nastyString(), fc.anything({ maxDepth: 1 })),
    label: fc.oneof(nastyString(), fc.anything({ maxDepth: 1 })),
    value: fieldValue()
  }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) }
)

/** A `form` key: lists of fields, form objects, or anything at all. */
export const formInput = (): fc.Arbitrary<unknown> => fc.oneof(
  fc.array(formField(), { maxLength: 5 }),
  fc.record({ formType: fc.oneof(nastyString(), fc.constant('http://jabber.org/protocol/muc#register'), fc.anything({ maxDepth: 1 })), fields: fc.array(formField(), { maxLength: 5 }) }, { requiredKeys: ['fields'] }),
  fc.anything({ maxDepth: 2 })
)

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']

/** Request payloads that look like the real thing, with hostile values. */
export const plausibleRequest = (): fc.Arbitrary<unknown> => {
  const model: Record<string, fc.Arbitrary<unknown>> = { to: jidish(), form: formInput() }
  for (const name of REGISTRATION_FIELDS) {
    model[name] = fc.oneof({ weight: 8, arbitrary: xmlText() }, { weight: 2, arbitrary: nastyString() }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) })
  }
  return fc.tuple(
    fc.record(model, { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom(...PROTO_KEYS), fc.anything({ maxDepth: 1 }), { maxKeys: 2 })
  ).map(([request, extra]) => {
    for (const [key, value] of Object.entries(extra)) {
      Object.defineProperty(request, key, { value, enumerable: true, configurable: true, writable: true })
    }
    return request
  })
}

/** Any JSON-like `data` a socket could send. */
export const requestData = (): fc.Arbitrary<unknown> => fc.oneof(
  { weight: 3, arbitrary: plausibleRequest() },
  { weight: 1, arbitrary: fc.anything({ withNullPrototype: true, withBoxedValues: true, maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 0, '', 'shakespeare.lit', [], {}) }
)

/** A callback: a real function (the common case) or any other value. */
export const callbackKind = (): fc.Arbitrary<'function' | { value: unknown }> => fc.oneof(
  { weight: 4, arbitrary: fc.constant('function' as const) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }).map((value) => ({ value })) }
)

const NAMES = ['iq', 'query', 'x', 'field', 'value', 'option', 'error', 'text', 'username', 'password', 'email', 'instructions',
  'registered', 'remove', 'title', 'desc', 'required', 'media', 'uri', 'validate', 'range', 'regex', 'url', 'conflict', 'item', 'reported']
const NAMESPACES = ['jabber:iq:register', 'jabber:x:data', 'jabber:x:oob', 'jabber:iq:oob', 'urn:ietf:params:xml:ns:xmpp-stanzas',
  'urn:xmpp:media-element', 'http://jabber.org/protocol/xdata-validate', 'jabber:client', 'urn:other', '']
const ATTRS = ['type', 'var', 'label', 'xmlns', 'code', 'by', 'sid', 'height', 'width', 'min', 'max', 'datatype', 'id', 'from']

interface Tree { name: string; attrs: Record<string, unknown>; children: Array<Tree | string> }

const toElement = (tree: Tree): Element => {
  const el = new Element(tree.name, {})
  for (const [name, value] of Object.entries(tree.attrs)) el.attrs[name] = value
  for (const c of tree.children) {
    if (typeof c === 'string') el.children.push(c)
    else el.cnode(toElement(c))
  }
  return el
}

const attrValue = (): fc.Arbitrary<unknown> => fc.oneof(
  { weight: 6, arbitrary: fc.oneof(fc.constantFrom(...NAMESPACES, 'result', 'error', 'cancel', 'modify', 'boolean', 'list-multi', 'FORM_TYPE', '409', '80'), nastyString()) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(undefined), fc.constant(null), fc.boolean()) }
)

/** Random element trees from XEP-0077's vocabulary. */
export const elementTree = (): fc.Arbitrary<Element> => {
  const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.record({
      name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: nastyString() }),
      attrs: fc.dictionary(fc.constantFrom(...ATTRS), attrValue(), { maxKeys: 3 }),
      // At depth 5 the first choice (text) is the only one left: trees stay finite.
      children: fc.array(fc.oneof({ maxDepth: 5, depthIdentifier: 'tree' },
        { weight: 1, arbitrary: nastyString() }, { weight: 3, arbitrary: tie('tree') as fc.Arbitrary<Tree> }), { maxLength: 4 })
    })
  }))
  return tree.map(toElement)
}

/** One change to an element tree; applied by {@link mutate}. */
export interface Mutation { op: number; at: number; pick: number; text: string }

export const mutations = (): fc.Arbitrary<Mutation[]> => fc.array(
  fc.record({ op: fc.nat(8), at: fc.nat(), pick: fc.nat(), text: nastyString() }), { minLength: 1, maxLength: 4 })

const elementsOf = (root: Element): Element[] => {
  const out: Element[] = []
  const walk = (el: Element): void => {
    out.push(el)
    for (const c of el.children) if (typeof c !== 'string') walk(c as Element)
  }
  walk(root)
  return out
}

/** Applies mutations to a copy of `root`: drop, duplicate, rename, re-namespace, insert text, drop or garble attributes, swap types. */
export const mutate = (root: Element, changes: Mutation[]): Element => {
  const copy = clone(root)
  for (const { op, at, pick, text } of changes) {
    const all = elementsOf(copy)
    const el = all[at % all.length]!
    const parent = el.parent as Element | null
    const attrNames = Object.keys(el.attrs)
    switch (op) {
      case 0: if (parent) parent.children.splice(parent.children.indexOf(el), 1); break
      case 1: if (parent) parent.children.splice(parent.children.indexOf(el) + 1, 0, clone(el)); break
      case 2: el.name = NAMES[pick % NAMES.length]!; break
      case 3: el.attrs.xmlns = NAMESPACES[pick % NAMESPACES.length]; break
      case 4: el.children.splice(pick % (el.children.length + 1), 0, text); break
      case 5: if (attrNames.length > 0) delete el.attrs[attrNames[pick % attrNames.length]!]; break
      case 6: if (attrNames.length > 0) el.attrs[attrNames[pick % attrNames.length]!] = text; break
      case 7: copy.attrs.type = ['result', 'error', 'get', 'set', '', 'weird'][pick % 6]; break
      default: el.children.length = 0
    }
  }
  return copy
}
