/**
 * XML Schema 1.0 Part 2 built-in datatypes for XEP-0122 Data Forms Validation: the lexical
 * rules of the datatypes XEP-0122 forms use, each value read into its value space, and the
 * order of that space (for `<range/>`). One table, {@link DATATYPES}; a datatype not in it
 * is validated as `xs:string` (XEP-0122 §5.1).
 */

/** A datatype: reads a lexical form into its value (undefined: not valid), and orders values. */
export interface Datatype {
  /** The value of `text`, or undefined when `text` is not in the lexical space. */
  parse(text: string): unknown
  /**
   * -1, 0 or 1 as `a` is below, equal to or above `b`; undefined when they are incomparable
   * (NaN; XSD's partial order of date/time values with and without a time zone). Absent for
   * unordered datatypes, whose `<range/>` is ignored.
   */
  compare?(a: unknown, b: unknown): -1 | 0 | 1 | undefined
}

const sign = (n: bigint): -1 | 0 | 1 => (n < 0n ? -1 : n > 0n ? 1 : 0)

const isXmlSpace = (unit: number): boolean => unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d

// whiteSpace=collapse (every type here but xs:string): leading and trailing XML white space
// goes; white space left inside then fails the lexical rule. A loop, not a regex: `\s+$`
// takes quadratic time on a value of many spaces (values are untrusted).
const collapse = (text: string): string => {
  let start = 0
  let end = text.length
  while (start < end && isXmlSpace(text.charCodeAt(start))) start++
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

/**
 * `text` after the datatype's whiteSpace facet, as XML Schema 1.0 Part 2 §4.3.6 applies it
 * before a pattern (§4.3.4): xs:string preserves; every other type here collapses (each run of
 * XML white space becomes one space, none at either end). Linear, for untrusted values.
 */
export const normalizeWhiteSpace = (datatype: string, text: string): string => {
  if (datatype === 'xs:string') return text
  let out = ''
  let space = false
  for (let i = 0; i < text.length; i++) {
    if (isXmlSpace(text.charCodeAt(i))) {
      space = out !== ''
      continue
    }
    if (space) out += ' '
    space = false
    out += text[i]
  }
  return out
}

/** `digits` without trailing zeros (a loop: `0+$` is quadratic on many zeros before a digit). */
const withoutTrailingZeros = (digits: string): string => {
  let end = digits.length
  while (end > 0 && digits.charCodeAt(end - 1) === 0x30) end--
  return digits.slice(0, end)
}

// ---- numbers ----

const INTEGER = /^[+-]?[0-9]+$/

/** An integer type bounded by [min, max] (both undefined: xs:integer), exact with BigInt. */
const integer = (min?: bigint, max?: bigint): Datatype => {
  // The most digits an in-range value has (leading zeros aside): longer ones are out of range
  // without building a huge BigInt.
  const digits = max === undefined ? Infinity : String(max).length
  return {
    parse: (text) => {
      const s = collapse(text)
      if (!INTEGER.test(s)) return undefined
      if (s.replace(/^[+-]?0*/, '').length > digits) return undefined
      const n = BigInt(s)
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) return undefined
      return n
    },
    compare: (a, b) => sign((a as bigint) - (b as bigint))
  }
}

const DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/

/** An xs:decimal value: `units` × 10^-`scale`, exact. */
interface Decimal {
  units: bigint
  scale: number
}

const decimal: Datatype = {
  parse: (text) => {
    const m = DECIMAL.exec(collapse(text))
    if (m === null) return undefined
    const whole = m[2]!
    const fraction = withoutTrailingZeros(m[3] ?? '')
    if (whole === '' && (m[3] ?? '') === '') return undefined
    const units = BigInt(`${m[1]}${whole || '0'}${fraction}`)
    return { units, scale: fraction.length } satisfies Decimal
  },
  compare: (a, b) => {
    const x = a as Decimal
    const y = b as Decimal
    const scale = Math.max(x.scale, y.scale)
    return sign(x.units * 10n ** BigInt(scale - x.scale) - y.units * 10n ** BigInt(scale - y.scale))
  }
}

// XML Schema 1.0 §3.2.5.1: INF, -INF and NaN; a leading + on INF came only with 1.1.
const DOUBLE = /^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[Ee][+-]?[0-9]+)?|-?INF|NaN)$/

const double: Datatype = {
  parse: (text) => {
    const s = collapse(text)
    if (!DOUBLE.test(s)) return undefined
    return s.endsWith('INF') ? (s.startsWith('-') ? -Infinity : Infinity) : Number(s)
  },
  compare: (a, b) => {
    const x = a as number
    const y = b as number
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined
    return x < y ? -1 : x > y ? 1 : 0
  }
}

// ---- dates and times ----

/**
 * A point on the XSD timeline: whole seconds (UTC when `zoned`, else local) and the decimal
 * digits of the fraction of a second, trailing zeros removed.
 */
interface Instant {
  seconds: bigint
  fraction: string
  zoned: boolean
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

/** Days since 1970-01-01 of a proleptic Gregorian date (astronomical year numbering). */
const daysFromCivil = (year: bigint, month: number, day: number): bigint => {
  const y = month <= 2 ? year - 1n : year
  const era = floorDiv(y, 400n)
  const yearOfEra = y - era * 400n
  const dayOfYear = BigInt(Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1)
  return era * 146097n + yearOfEra * 365n + yearOfEra / 4n - yearOfEra / 100n + dayOfYear - 719468n
}

const isLeap = (year: bigint): boolean => (year % 4n === 0n && year % 100n !== 0n) || year % 400n === 0n

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

// XSD 1.0 §3.2.7, §3.2.8, §3.2.9: a year of four or more digits (no leading zero past four,
// not 0000), 24:00:00 as the end of a day, a time zone from -14:00 to +14:00.
const DATE = '(-?)([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])'
const TIME = '([01][0-9]|2[0-3]|24):([0-5][0-9]):([0-5][0-9])(?:\\.([0-9]+))?'
const ZONE = '(Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)?'
const DATE_RE = new RegExp(`^${DATE}${ZONE}$`)
const TIME_RE = new RegExp(`^${TIME}${ZONE}$`)
const DATE_TIME_RE = new RegExp(`^${DATE}T${TIME}${ZONE}$`)

/** Days since 1970 of a matched date, or undefined for a day its month lacks or year 0000. */
const dateDays = (minus: string, yearText: string, monthText: string, dayText: string): bigint | undefined => {
  const written = BigInt(yearText)
  if (written === 0n) return undefined
  // XSD 1.0 has no year zero: -0001 is 1 BCE, astronomical year 0.
  const year = minus === '-' ? 1n - written : written
  const month = Number(monthText)
  const day = Number(dayText)
  const max = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!
  return day > max ? undefined : daysFromCivil(year, month, day)
}

/** Seconds into the day of a matched time, or undefined for 24:mm:ss other than 24:00:00. */
const timeSeconds = (h: string, m: string, s: string, fraction: string): number | undefined => {
  if (h === '24' && (m !== '00' || s !== '00' || /[1-9]/.test(fraction))) return undefined
  return Number(h) * 3600 + Number(m) * 60 + Number(s)
}

const instant = (days: bigint, seconds: number, fraction: string | undefined, zone: string | undefined): Instant => {
  let total = days * 86400n + BigInt(seconds)
  if (zone !== undefined && zone !== 'Z') {
    const offset = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60
    total -= BigInt(zone[0] === '-' ? -offset : offset)
  }
  return { seconds: total, fraction: withoutTrailingZeros(fraction ?? ''), zoned: zone !== undefined }
}

const timeline = (x: Instant, y: Instant): -1 | 0 | 1 => {
  const bySeconds = sign(x.seconds - y.seconds)
  if (bySeconds !== 0) return bySeconds
  return x.fraction < y.fraction ? -1 : x.fraction > y.fraction ? 1 : 0
}

const FOURTEEN_HOURS = 14n * 3600n

/**
 * XSD 1.0 §3.2.7.4 order: values both with or both without a time zone compare on the
 * timeline; otherwise the local one is tried at +14:00 and -14:00, and between those the two
 * are incomparable.
 */
const compareInstants = (a: unknown, b: unknown): -1 | 0 | 1 | undefined => {
  const x = a as Instant
  const y = b as Instant
  if (x.zoned === y.zoned) return timeline(x, y)
  const local = x.zoned ? y : x
  const zoned = x.zoned ? x : y
  const earliest = { ...local, seconds: local.seconds - FOURTEEN_HOURS }
  const latest = { ...local, seconds: local.seconds + FOURTEEN_HOURS }
  let zonedFirst: -1 | 1 | undefined
  if (timeline(zoned, earliest) < 0) zonedFirst = -1
  else if (timeline(zoned, latest) > 0) zonedFirst = 1
  if (zonedFirst === undefined) return undefined
  return x.zoned ? zonedFirst : zonedFirst === -1 ? 1 : -1
}

const date: Datatype = {
  parse: (text) => {
    const m = DATE_RE.exec(collapse(text))
    if (m === null) return undefined
    const days = dateDays(m[1]!, m[2]!, m[3]!, m[4]!)
    return days === undefined ? undefined : instant(days, 0, undefined, m[5])
  },
  compare: compareInstants
}

// XSD 1.0 §3.2.8: times compare as times of the reference day 1972-12-31; 24:00:00 is 00:00:00.
const REFERENCE_DAY = daysFromCivil(1972n, 12, 31)

const time: Datatype = {
  parse: (text) => {
    const m = TIME_RE.exec(collapse(text))
    if (m === null) return undefined
    const seconds = timeSeconds(m[1]!, m[2]!, m[3]!, m[4] ?? '')
    return seconds === undefined ? undefined : instant(REFERENCE_DAY, seconds % 86400, m[4], m[5])
  },
  compare: compareInstants
}

const dateTime: Datatype = {
  parse: (text) => {
    const m = DATE_TIME_RE.exec(collapse(text))
    if (m === null) return undefined
    const days = dateDays(m[1]!, m[2]!, m[3]!, m[4]!)
    const seconds = timeSeconds(m[5]!, m[6]!, m[7]!, m[8] ?? '')
    return days === undefined || seconds === undefined ? undefined : instant(days, seconds, m[8], m[9])
  },
  compare: compareInstants
}

// ---- unordered text types ----

const string: Datatype = { parse: (text) => text }

const boolean: Datatype = {
  parse: (text) => {
    const s = collapse(text)
    return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : undefined
  }
}

// XSD 1.0 §3.2.17: a URI reference (RFC 3986) once characters outside URIs are %-escaped, so
// what can be wrong is its structure: a malformed scheme, a bad %-escape, a second `#`.
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/

const anyURI: Datatype = {
  parse: (text) => {
    const s = collapse(text)
    const end = s.search(/[:/?#]/)
    if (end >= 0 && s[end] === ':' && !SCHEME.test(s.slice(0, end))) return undefined
    if (BAD_ESCAPE.test(s) || s.indexOf('#') !== s.lastIndexOf('#')) return undefined
    return s
  }
}

const LANGUAGE = /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$/

const language: Datatype = {
  parse: (text) => {
    const s = collapse(text)
    return LANGUAGE.test(s) ? s : undefined
  }
}

/** The datatypes understood, by their XEP-0122 names. */
export const DATATYPES: ReadonlyMap<string, Datatype> = new Map([
  ['xs:string', string],
  ['xs:integer', integer()],
  ['xs:long', integer(-(2n ** 63n), 2n ** 63n - 1n)],
  ['xs:int', integer(-(2n ** 31n), 2n ** 31n - 1n)],
  ['xs:short', integer(-32768n, 32767n)],
  ['xs:byte', integer(-128n, 127n)],
  ['xs:decimal', decimal],
  ['xs:double', double],
  ['xs:boolean', boolean],
  ['xs:date', date],
  ['xs:dateTime', dateTime],
  ['xs:time', time],
  ['xs:anyURI', anyURI],
  ['xs:language', language]
])

/** The name a datatype is validated as: itself when understood, else `xs:string` (XEP-0122 §5.1). */
export const datatypeName = (name: unknown): string =>
  typeof name === 'string' && DATATYPES.has(name) ? name : 'xs:string'
