/**
 * The text of a XEP-0077 request from a socket, as the checks (validate.ts) see it: XML 1.0
 * characters only, the request stanza's UTF-8 size bounded from both sides while it is
 * checked, and the client error texts naming the key.
 */
import type { InvalidField } from '../core/types'

/** Client error texts. */
export const MESSAGES = {
  missingCallback: 'Missing callback',
  notAnObject: "Request must be an object with a 'to' key",
  missingTo: "Missing 'to' key",
  badForm: 'Badly formatted data form',
  oneValue: (name: string, type: string) => `Field '${name}' (${type}) takes one value`,
  missingKey: (key: string) => `Missing '${key}' key`,
  notString: (key: string) => `'${key}' key must be a string`,
  notJid: (key: string) => `'${key}' key must be a valid JID`,
  badXml: (key: string) => `'${key}' key contains a character XML does not allow`,
  tooLarge: (key: string, maxBytes: number) => `'${key}' key makes the request stanza larger than ${maxBytes} bytes`,
  stanzaTooLarge: (maxBytes: number) => `Request stanza larger than ${maxBytes} bytes`,
  invalid: 'Invalid request'
} as const

/** A refused request: the client error text (and, for a form breaking its rules, its fields). */
export class RequestError extends Error {
  constructor(message: string, readonly fields?: InvalidField[]) {
    super(message)
  }
}

// XML 1.0 §2.2 Char: anything outside is refused (a server would close the stream):
// controls other than tab, LF and CR, U+FFFE, U+FFFF, and lone surrogates.
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const XML_FORBIDDEN_UNITS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/
/** Whether `value` holds only characters XML 1.0 allows (what {@link xmlText} checks, without throwing). */
export const isXmlText = (value: string): boolean => value.isWellFormed() && !XML_FORBIDDEN_UNITS.test(value)

// The shortest XML of what the builder adds per value and per field (`<value/>`,
// `<field var=""/>`): no request stanza is smaller than their sum plus the text inside.
export const EMPTY_VALUE_BYTES = '<value/>'.length
export const EMPTY_FIELD_BYTES = '<field var=""/>'.length

// Upper bounds for the builder's output: a UTF-16 unit escaped and encoded takes at most
// 6 bytes (`&quot;`; 3 for a BMP character, 4 for a surrogate pair); each field or value
// element at most 64 bytes of markup besides its text (`<field type="" label="" var="">` …
// `</field>`, `<value></value>`); the rest of a stanza (iq, query, x, FORM_TYPE field,
// `<remove/>`, username and password tags) at most 512 besides its text and id.
const MAX_BYTES_PER_UNIT = 6
const MAX_PART_BYTES = 64
const MAX_FRAME_BYTES = 512

/** The upper bound {@link Budget} gives for `units` UTF-16 units of text in `parts` field or value elements. */
export const sizeUpperBound = (units: number, parts: number): number =>
  MAX_BYTES_PER_UNIT * units + MAX_PART_BYTES * parts + MAX_FRAME_BYTES

/**
 * The request stanza's UTF-8 size, bounded from both sides while its strings are checked.
 * The lower bound (a UTF-16 unit never takes less than a byte, an element no less than its
 * empty tag) refuses a request sure to pass the limit before anything is built; the upper
 * bound lets a request far below it go out without measuring the built stanza.
 */
export class Budget {
  private bytes = 0
  private units = 0
  private parts = 0
  constructor(private readonly maxBytes: number) {}
  /** Counts `bytes` more, refusing the request (naming `key`) past the limit. */
  add(key: string, bytes: number): void {
    this.bytes += bytes
    if (this.bytes > this.maxBytes) throw new RequestError(MESSAGES.tooLarge(key, this.maxBytes))
  }
  /** Counts one field or value element of at least `bytes` bytes of markup. */
  part(key: string, bytes: number): void {
    this.parts++
    this.add(key, bytes)
  }
  /** Counts `parts` elements holding `units` UTF-16 units of text and at least `markup` bytes of tags. */
  elements(key: string, parts: number, units: number, markup: number): void {
    this.parts += parts
    this.units += units
    this.add(key, units + markup)
  }
  /** Counts `value`. */
  size(key: string, value: string): string {
    this.units += value.length
    this.add(key, value.length)
    return value
  }
  /** An upper bound of the stanza's size, its id aside. */
  get upperBound(): number {
    return sizeUpperBound(this.units, this.parts)
  }
  /** Counts `value` and checks it is XML text. */
  text(key: string, value: string): string {
    this.size(key, value)
    return xmlText(key, value)
  }
}

/** `value`, or the client error naming `key` when it holds a character XML forbids. */
export const xmlText = (key: string, value: string): string => {
  if (!isXmlText(value)) throw new RequestError(MESSAGES.badXml(key))
  return value
}


/**
 * Checks that every value is XML text, naming the first key that is not: each value tested on
 * its own (no joined copy of them all: cheaper for the dozen short values of a request).
 */
export const allXmlText = (fields: ReadonlyArray<{ name: string; value: string }>): void => {
  for (const field of fields) if (!isXmlText(field.value)) throw new RequestError(MESSAGES.badXml(field.name))
}
