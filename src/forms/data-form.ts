/**
 * XEP-0004 Data Forms: parsing `<x xmlns='jabber:x:data'/>` into the xmpp-ftw form JSON
 * (with XEP-0221 media and XEP-0122 validation kept), and building a submitted form.
 */
import { Element } from 'ltx'

import { NS_DATA, NS_MEDIA, NS_VALIDATE } from '../core/namespaces'
import type { DataForm, FieldType, FormField, FormOption, Media, MediaUri, Validation, XmlElement } from '../core/types'
import { attr, child, childrenNamed, elements, isXmlElement, text } from '../transport/xml'

/** The hidden field that names a form's type (XEP-0068). */
export const FORM_TYPE = 'FORM_TYPE'

/**
 * XEP-0004 §3.3: the field types that may carry more than one `<value/>` ("list-multi,
 * jid-multi, text-multi, and hidden MAY contain more than one <value/> element; all other
 * field types MUST NOT"). Types not listed (an unknown type, or none) are not limited.
 */
const VALUE_COUNTS: ReadonlyMap<string, 'one' | 'many'> = new Map<FieldType, 'one' | 'many'>([
  ['boolean', 'one'],
  ['fixed', 'one'],
  ['hidden', 'many'],
  ['jid-multi', 'many'],
  ['jid-single', 'one'],
  ['list-multi', 'many'],
  ['list-single', 'one'],
  ['text-multi', 'many'],
  ['text-private', 'one'],
  ['text-single', 'one']
])

/** True when a field of `type` must not carry more than one `<value/>` (XEP-0004 §3.3). */
export const takesOneValue = (type: string | undefined): boolean =>
  type !== undefined && VALUE_COUNTS.get(type) === 'one'

// A text-multi value is one line per <value/> (XEP-0004 §3.3); any new line separates them.
const LINE_BREAK = /\r\n|\r|\n/

/** The `<value/>`s of a field about to be submitted: a `text-multi` text is split into its lines. */
export const submitValues = (type: string | undefined, values: string[]): string[] =>
  type === 'text-multi' ? values.flatMap((value) => value.split(LINE_BREAK)) : values

const toInteger = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return undefined
  return Number(value)
}

const parseValue = (type: string | undefined, values: string[]): FormField['value'] => {
  // A hidden field goes back unmodified: all its values (an array), or its one value (a string).
  if (type === 'hidden') return values.length > 1 ? values : values[0]
  if (type !== undefined && VALUE_COUNTS.get(type) === 'many') return values
  const first = values[0] ?? ''
  if (type === 'boolean') {
    const flag = first.trim()
    return flag === 'true' || flag === '1'
  }
  if (type === 'fixed') return values.join('\n')
  return first
}

const parseOptions = (optionEls: readonly XmlElement[]): FormOption[] => {
  const options: FormOption[] = []
  for (const option of optionEls) {
    const value = child(option, 'value')
    if (value === undefined) continue
    const parsed: FormOption = { value: text(value) }
    const label = attr(option, 'label')
    if (label !== undefined) parsed.label = label
    options.push(parsed)
  }
  return options
}

const parseMedia = (media: XmlElement): Media => {
  const uris: MediaUri[] = []
  for (const uri of childrenNamed(media, 'uri')) {
    const value = text(uri).trim()
    if (value === '') continue
    const parsed: MediaUri = { uri: value }
    const type = attr(uri, 'type')
    if (type !== undefined) parsed.type = type
    uris.push(parsed)
  }
  const out: Media = { uris }
  const height = toInteger(attr(media, 'height'))
  if (height !== undefined) out.height = height
  const width = toInteger(attr(media, 'width'))
  if (width !== undefined) out.width = width
  return out
}

const VALIDATION_METHODS = ['basic', 'open', 'range', 'regex'] as const

/** An element's name without its prefix. */
const localName = (el: XmlElement): string => el.name.slice(el.name.indexOf(':') + 1)

const parseValidation = (validate: XmlElement): Validation => {
  const out: Validation = {}
  const datatype = attr(validate, 'datatype')
  if (datatype !== undefined) out.datatype = datatype
  for (const el of elements(validate)) {
    const name = localName(el)
    const method = VALIDATION_METHODS.find((m) => m === name)
    if (method !== undefined && out.method === undefined) {
      out.method = method
      if (method === 'range') {
        const min = attr(el, 'min')
        const max = attr(el, 'max')
        if (min !== undefined) out.min = min
        if (max !== undefined) out.max = max
      } else if (method === 'regex') {
        out.regex = text(el)
      }
    } else if (name === 'list-range') {
      const listRange: Validation['listRange'] = {}
      const min = toInteger(attr(el, 'min'))
      const max = toInteger(attr(el, 'max'))
      if (min !== undefined) listRange.min = min
      if (max !== undefined) listRange.max = max
      out.listRange = listRange
    }
  }
  return out
}

/**
 * Prefixes bound to the XEP-0122 namespace on `el` (XEP-0122 §5.2 recommends `xdv`, declared
 * on the `<x/>`), added to `outer`.
 */
const validatePrefixes = (el: XmlElement, outer: readonly string[]): readonly string[] => {
  let prefixes = outer
  for (const key in el.attrs) {
    if (key.startsWith('xmlns:') && el.attrs[key] === NS_VALIDATE) prefixes = [...prefixes, key.slice(6)]
  }
  return prefixes
}

const NO_PREFIXES: readonly string[] = []

const parseField = (el: XmlElement, prefixes: readonly string[] = NO_PREFIXES): FormField => {
  // One pass over the field's children, each kind in document order (as child/childrenNamed find them).
  let required = false
  let desc: XmlElement | undefined
  let validate: XmlElement | undefined
  let prefixed: XmlElement[] | undefined
  const values: string[] = []
  const optionEls: XmlElement[] = []
  const mediaEls: XmlElement[] = []
  for (const c of el.children) {
    if (typeof c === 'string' || !isXmlElement(c)) continue
    switch (c.name) {
      case 'value': values.push(text(c)); break
      case 'option': optionEls.push(c); break
      case 'required': required = true; break
      case 'desc': desc ??= c; break
      case 'media': if (attr(c, 'xmlns') === NS_MEDIA) mediaEls.push(c); break
      case 'validate': if (validate === undefined && attr(c, 'xmlns') === NS_VALIDATE) validate = c; break
      default: if (c.name.endsWith(':validate')) (prefixed ??= []).push(c)
    }
  }
  const field: FormField = {}
  const name = attr(el, 'var')
  const type = attr(el, 'type')
  const label = attr(el, 'label')
  if (name !== undefined) field.var = name
  if (type !== undefined) field.type = type
  if (label !== undefined) field.label = label
  if (required) field.required = true
  if (desc !== undefined) field.description = text(desc)
  if (values.length > 0) field.value = parseValue(type, values)
  const options = optionEls.length === 0 ? undefined : parseOptions(optionEls)
  if (options !== undefined && options.length > 0) field.options = options
  if (mediaEls.length > 0) field.media = mediaEls.map(parseMedia)
  // XEP-0122 by xmlns first; else by a prefix bound to its namespace (on the field or the form).
  if (validate === undefined && prefixed !== undefined) {
    const bound = validatePrefixes(el, prefixes)
    validate = prefixed.find((c) => bound.some((p) => c.name === `${p}:validate`))
  }
  if (validate !== undefined) field.validate = parseValidation(validate)
  return field
}

/** The fields of a `<reported/>` or `<item/>` (XEP-0004 §3.4), FORM_TYPE left out as xmpp-ftw does. */
const parseRow = (el: XmlElement, prefixes: readonly string[]): FormField[] =>
  childrenNamed(el, 'field').filter((f) => attr(f, 'var') !== FORM_TYPE).map((f) => parseField(f, prefixes))

/**
 * Parses a `jabber:x:data` element into the xmpp-ftw form JSON. The FORM_TYPE field is
 * taken out of `fields` and returned as `formType`. A result form's `<reported/>` (the
 * first) becomes `reported`, a list of fields, and its `<item/>`s `items`, a list of lists
 * of fields, as xmpp-ftw's `parseFields` has them. Never throws.
 */
export const parseDataForm = (x: XmlElement): DataForm => {
  const form: DataForm = { fields: [] }
  const instructions: string[] = []
  const prefixes = validatePrefixes(x, NO_PREFIXES)
  // One pass over the form's children, in document order.
  for (const el of elements(x)) {
    switch (el.name) {
      case 'field':
        if (attr(el, 'var') !== FORM_TYPE) {
          form.fields.push(parseField(el, prefixes))
        } else if (form.formType === undefined) {
          const value = child(el, 'value')
          if (value !== undefined) form.formType = text(value).trim()
        }
        break
      case 'title':
        form.title ??= text(el)
        break
      case 'instructions':
        instructions.push(text(el))
        break
      case 'reported':
        form.reported ??= parseRow(el, prefixes)
        break
      case 'item':
        (form.items ??= []).push(parseRow(el, prefixes))
        break
    }
  }
  if (instructions.length > 0) form.instructions = instructions.join('\n')
  return form
}

/** The first data form child of `parent`, parsed, or undefined. */
export const findDataForm = (parent: XmlElement | undefined): DataForm | undefined => {
  const x = parent && child(parent, 'x', NS_DATA)
  return x === undefined ? undefined : parseDataForm(x)
}

/** A form field ready to submit: checked and converted to text by the request validator. */
export interface SubmitField {
  var: string
  values: string[]
  type?: string
  label?: string
}

/**
 * A form ready to submit: its FORM_TYPE (absent only for a XEP-0050 command form whose
 * server sent none, XEP-0401 Ex 7) and fields (without FORM_TYPE).
 */
export interface SubmitForm {
  formType?: string
  fields: SubmitField[]
}

/**
 * Builds `<x xmlns='jabber:x:data' type='submit'/>` with one hidden FORM_TYPE field
 * first (when the form has one), then each field with its values.
 */
export const buildSubmitForm = (form: SubmitForm): Element => {
  const x = new Element('x', { xmlns: NS_DATA, type: 'submit' })
  if (form.formType !== undefined) x.c('field', { type: 'hidden', var: FORM_TYPE }).c('value').t(form.formType)
  for (const field of form.fields) {
    const attrs: Record<string, string> = {}
    if (field.type !== undefined) attrs.type = field.type
    if (field.label !== undefined) attrs.label = field.label
    attrs.var = field.var
    const el = x.c('field', attrs)
    for (const value of field.values) el.c('value').t(value)
  }
  return x
}
