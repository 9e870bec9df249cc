/**
 * The rules of a data form (XEP-0004 `required` and list options, XEP-0122 datatypes,
 * `<range/>`, `<regex/>`, `<list-range/>`, `<open/>`), checked on a filled-in form before it is
 * submitted. A pure function of the form: any request path can call {@link validateForm}.
 */
import { submitValues } from './data-form'
import { isObject, scalarText, type JsonObject } from '../core/json'
import { log } from '../core/log'
import type { InvalidField } from '../core/types'
import { DATATYPES, datatypeName, normalizeWhiteSpace } from './xsd-datatypes'
import { patternFor } from './xsd-regex'

/** The outcome of {@link validateForm}: every offending field, with why. */
export type FormVerdict = { ok: true } | { ok: false; fields: InvalidField[] }

/** Why a field is refused (never quoting its value, which may be a password). */
export const REASONS = {
  required: 'Required',
  datatype: (datatype: string) => `Not a valid ${datatype}`,
  belowMin: (min: string) => `Less than the minimum ${min}`,
  aboveMax: (max: string) => `More than the maximum ${max}`,
  incomparable: (bound: string) => `Cannot be compared with the bound ${bound} (add a time zone, or a number)`,
  pattern: (regex: string) => `Does not match the pattern ${regex}`,
  notAnOption: 'Not one of the options',
  tooFew: (min: number) => `Choose at least ${min}`,
  tooMany: (max: number) => `Choose at most ${max}`
} as const

/** The description of the client error naming the offending fields. */
export const invalidFormMessage = (fields: ReadonlyArray<InvalidField>): string =>
  `Form fields not valid: ${fields.map((f) => `'${f.var}'`).join(', ')}`

const OK: FormVerdict = Object.freeze({ ok: true })


/** The values as they will be submitted; undefined when unreadable (the request check reports that). */
const valuesOf = (value: unknown, type: string | undefined): string[] | undefined => {
  if (value === undefined || value === null) return []
  const list: unknown[] = Array.isArray(value) ? value : [value]
  const out: string[] = []
  for (const item of list) {
    const text = scalarText(item)
    if (text === undefined) return undefined
    out.push(text)
  }
  return submitValues(type, out)
}

/** The XEP-0122 rules of a field, read defensively (the form came from a socket). */
interface Rules {
  datatype: string
  method: 'basic' | 'open' | 'range' | 'regex'
  min?: string
  max?: string
  regex?: string
  listMin?: number
  listMax?: number
}

const METHODS = new Set(['open', 'range', 'regex'])

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined

const rulesOf = (validate: unknown): Rules => {
  if (!isObject(validate)) return { datatype: 'xs:string', method: 'basic' }
  // XEP-0122 §5.1: an unknown datatype is xs:string, an unknown method basic.
  const method = typeof validate.method === 'string' && METHODS.has(validate.method) ? validate.method as Rules['method'] : 'basic'
  const rules: Rules = { datatype: datatypeName(validate.datatype), method }
  if (method === 'range') {
    rules.min = text(validate.min)
    rules.max = text(validate.max)
  } else if (method === 'regex') {
    rules.regex = text(validate.regex)
  }
  if (isObject(validate.listRange)) {
    rules.listMin = count(validate.listRange.min)
    rules.listMax = count(validate.listRange.max)
  }
  return rules
}

/** The reason a value is out of `<range/>`, if it is. Bounds the datatype cannot read are ignored. */
const rangeProblem = (datatype: string, value: unknown, min: string | undefined, max: string | undefined): string | undefined => {
  const type = DATATYPES.get(datatype)!
  const compare = type.compare
  if (compare === undefined) return undefined // unordered (xs:string …): XEP-0122 §5.7 forbids the range
  for (const [bound, side] of [[min, -1], [max, 1]] as const) {
    if (bound === undefined) continue
    const limit = type.parse(bound)
    if (limit === undefined) {
      log('range bound of %s is not a valid %s: ignored', datatype, datatype)
      continue
    }
    const order = compare(value, limit)
    if (order === undefined) return REASONS.incomparable(bound)
    if (order === side) return side === -1 ? REASONS.belowMin(bound) : REASONS.aboveMax(bound)
  }
  return undefined
}

/** The reason a value fails `<regex/>`, if it does. A pattern that cannot be used is ignored. */
const patternProblem = (regex: string, value: string): string | undefined => {
  const pattern = patternFor(regex)
  if ('refused' in pattern) {
    log('regex not used (%s): validated as basic', pattern.refused)
    return undefined
  }
  if (value.length > pattern.maxLength) {
    log('value longer than %d: not tested against the regex', pattern.maxLength)
    return undefined
  }
  return pattern.regex.test(value) ? undefined : REASONS.pattern(regex)
}

const isList = (type: string | undefined): boolean => type === 'list-single' || type === 'list-multi'

/** The first reason `field` is refused, or undefined. */
const fieldProblem = (field: JsonObject): string | undefined => {
  const type = text(field.type)
  // A fixed field is not submitted; a hidden one goes back as the service sent it.
  if (type === 'fixed' || type === 'hidden') return undefined
  const values = valuesOf(field.value, type)
  if (values === undefined) return undefined
  const given = values.filter((v) => v.trim() !== '')
  if (field.required === true && given.length === 0) return REASONS.required
  const rules = rulesOf(field.validate)
  if (type === 'list-multi') {
    if (rules.listMin !== undefined && given.length < rules.listMin) return REASONS.tooFew(rules.listMin)
    if (rules.listMax !== undefined && given.length > rules.listMax) return REASONS.tooMany(rules.listMax)
  }
  // XEP-0122 §3.2: any method but basic makes a list open (values beyond its options).
  if (isList(type) && rules.method === 'basic' && Array.isArray(field.options) && field.options.length > 0) {
    const options = new Set(field.options.map((o: unknown) => (isObject(o) ? scalarText(o.value) : undefined)))
    if (given.some((v) => !options.has(v))) return REASONS.notAnOption
  }
  const datatype = DATATYPES.get(rules.datatype)!
  for (const v of given) {
    const value = datatype.parse(v)
    if (value === undefined) return REASONS.datatype(rules.datatype)
    if (rules.method === 'range') {
      const problem = rangeProblem(rules.datatype, value, rules.min, rules.max)
      if (problem !== undefined) return problem
    } else if (rules.method === 'regex' && rules.regex !== undefined) {
      // XML Schema applies a pattern after the whiteSpace rule (collapse for all but xs:string).
      const problem = patternProblem(rules.regex, normalizeWhiteSpace(rules.datatype, v))
      if (problem !== undefined) return problem
    }
  }
  return undefined
}

/**
 * Checks a filled-in form against the rules its fields carry: the form object `get`
 * returned (`{ formType, fields }` with each field's `type`, `required`, `options` and
 * `validate`). Required fields must have a non-blank value; list fields' values must be
 * among the options unless the list is open; each non-blank value must be of the field's
 * XEP-0122 datatype and within its `<range/>` and `<regex/>`; a list-multi must have as many
 * values as its `<list-range/>` allows. An array of `{ var, value }` pairs carries no rules
 * and passes, as does a field without rules, at the cost of reading three keys. Never throws.
 */
export const validateForm = (form: unknown): FormVerdict => {
  if (!isObject(form) || !Array.isArray(form.fields)) return OK
  let invalid: InvalidField[] | undefined
  for (const field of form.fields as unknown[]) {
    if (!isObject(field) || (field.required !== true && field.validate === undefined && field.options === undefined)) continue
    const reason = fieldProblem(field)
    if (reason !== undefined) (invalid ??= []).push({ var: text(field.var) ?? '', reason })
  }
  return invalid === undefined ? OK : { ok: false, fields: invalid }
}
