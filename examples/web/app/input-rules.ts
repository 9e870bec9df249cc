// XEP-0122 validation rules (and XEP-0004 `required`) as HTML input attributes, so the browser
// checks a value before the page sends it. Only a first check: the plugin validates the form
// again before sending (src/forms/form-rules.ts), and the server has the last word. Pure, no DOM.
import type { FormField } from '../../../src/core/types'
import { MAX_REGEX_STEPS, translatePattern } from '../../../src/forms/xsd-regex'

/** Bounds of the XML Schema integer types an `<input type="number">` holds exactly. */
const INTEGER_TYPES: ReadonlyMap<string, [string, string] | undefined> = new Map([
  ['xs:integer', undefined],
  ['xs:long', undefined], // ±2^63 is beyond a double: no bounds from the type
  ['xs:int', ['-2147483648', '2147483647']],
  ['xs:short', ['-32768', '32767']],
  ['xs:byte', ['-128', '127']]
])

const INTEGER = /^[+-]?[0-9]+$/
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/

/** Field types whose control is a one-line `<input>` (the only ones `pattern`, `min`, `max` apply to). */
const ONE_LINE = new Set(['text-single', 'text-private', 'jid-single'])

/**
 * The `pattern` attribute for an XEP-0122 regex, or undefined when the page leaves it to the
 * plugin: the translation (src/forms/xsd-regex.ts) refuses it, the browser's `v`-mode RegExp (the
 * one HTML uses for `pattern`) does not compile it, or testing a value may cost more than
 * linear time (more than one variable-length quantifier: the translation's `maxLength` then
 * falls below `MAX_REGEX_STEPS / 16`), since the browser tests every keystroke of any length.
 */
export const patternAttribute = (regex: string): string | undefined => {
  const pattern = translatePattern(regex)
  if ('refused' in pattern || pattern.maxLength < MAX_REGEX_STEPS / 16) return undefined
  try {
    new RegExp(pattern.regex.source, 'v')
  } catch {
    return undefined
  }
  return pattern.regex.source
}

/**
 * The attributes (name → value, `''` for a boolean attribute) a field's control gets from its
 * rules: `required` (not on a checkbox: an unticked box is a value, false); on a one-line
 * `text-single` input of an integer datatype `type="number"` with `min`/`max` from the range
 * (else from the type), of `xs:date` `type="date"` with the range's dates; `pattern` for a
 * regex on any one-line input. Other datatypes and rules only the plugin checks.
 */
export const inputAttributes = (field: FormField): Record<string, string> => {
  const type = field.type ?? 'text-single'
  const attributes: Record<string, string> = {}
  if (field.required && type !== 'boolean' && type !== 'hidden' && type !== 'fixed') attributes.required = ''
  const rules = field.validate
  if (rules === undefined || !ONE_LINE.has(type)) return attributes
  const datatype = rules.datatype ?? 'xs:string'
  const range = rules.method === 'range' ? rules : {}
  if (type === 'text-single' && INTEGER_TYPES.has(datatype)) {
    const bounds = INTEGER_TYPES.get(datatype)
    attributes.type = 'number'
    attributes.step = '1'
    const min = range.min !== undefined && INTEGER.test(range.min) ? range.min : bounds?.[0]
    const max = range.max !== undefined && INTEGER.test(range.max) ? range.max : bounds?.[1]
    if (min !== undefined) attributes.min = min
    if (max !== undefined) attributes.max = max
  } else if (type === 'text-single' && datatype === 'xs:date') {
    attributes.type = 'date'
    if (range.min !== undefined && DATE.test(range.min)) attributes.min = range.min
    if (range.max !== undefined && DATE.test(range.max)) attributes.max = range.max
  }
  if (rules.method === 'regex' && rules.regex !== undefined) {
    const pattern = patternAttribute(rules.regex)
    if (pattern !== undefined) attributes.pattern = pattern
  }
  return attributes
}
