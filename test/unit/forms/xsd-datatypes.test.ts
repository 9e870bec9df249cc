// XML Schema 1.0 datatypes of XEP-0122: lexical forms accepted and refused, bounds of the
// integer types (exact), and the order used by <range/>.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { DATATYPES, datatypeName, normalizeWhiteSpace } from '../../../src/forms/xsd-datatypes'

const type = (name: string): NonNullable<ReturnType<typeof DATATYPES.get>> => DATATYPES.get(name)!

// [datatype, valid lexical forms, invalid lexical forms]
const LEXICAL: Array<[string, string[], string[]]> = [
  ['xs:string', ['', ' padded ', 'anything at all', '12'], []],
  ['xs:boolean', ['true', 'false', '1', '0', ' true '], ['TRUE', 'yes', '', '01', 't r u e']],
  ['xs:integer', ['0', '-0', '+17', '0042', '123456789012345678901234567890', ' 5 ', '-99999999999999999999999'], ['', '+', '1.0', '1e3', '1 000', '0x10', 'five', '١٢']],
  ['xs:long', ['9223372036854775807', '-9223372036854775808', '000009223372036854775807'], ['9223372036854775808', '-9223372036854775809', '99999999999999999999']],
  ['xs:int', ['2147483647', '-2147483648', '+0'], ['2147483648', '-2147483649']],
  ['xs:short', ['32767', '-32768'], ['32768', '-32769']],
  ['xs:byte', ['127', '-128', '+000127'], ['128', '-129', '1.5']],
  ['xs:decimal', ['0', '-1.23', '+100000.00', '.5', '5.', '-.0', '210'], ['', '.', '1e3', '1,5', 'INF', '- 1', '1.2.3']],
  // '+INF' is XML Schema 1.1 only (issue 21 #7: accepted before).
  ['xs:double', ['0', '-1.5E8', '1e-10', '.5e2', '5.', 'INF', '-INF', 'NaN', '12.78e-2'], ['', 'e3', '1e', 'inf', 'nan', 'Infinity', '1.0f', '0x1p3', '+INF', '+NaN', '-NaN']],
  ['xs:date', ['2002-10-10', '2002-10-10Z', '2002-10-10+13:00', '2002-10-10-14:00', '-0044-03-15', '12004-01-01', '2000-02-29', '-0001-02-29'],
    ['2002-10-10T00:00:00', '02-10-10', '2002-1-10', '2002-13-01', '2002-02-30', '1900-02-29', '0000-01-01', '02002-01-01', '2002-10-10+14:01', '2002-10-10+15:00', '2002-10-10z', '2002-10-10 Z']],
  ['xs:time', ['13:20:00', '13:20:00.5', '13:20:30.123456789Z', '00:00:00+05:30', '24:00:00', '24:00:00.000'], ['13:20', '1:20:00', '25:00:00', '24:00:01', '24:00:00.1', '13:60:00', '13:20:60', '13:20:00.', 'T13:20:00']],
  ['xs:dateTime', ['2003-10-06T11:22:00-07:00', '2003-10-06T11:22:00', '2003-10-06T11:22:00.001Z', '2000-12-31T24:00:00Z'],
    ['2003-10-06', '2003-10-06 11:22:00', '2003-10-06T11:22', '2003-10-06t11:22:00', '2003-02-29T00:00:00', '2003-10-06T24:30:00']],
  ['xs:anyURI', ['http://example.org/a?b=c#d', 'mailto:bill@shakespeare.lit', 'urn:ietf:rfc:3986', '../relative/path', '', 'a%20b', 'xmpp:bill@shakespeare.lit?register'],
    ['1http://example.org', 'http://example.org/#a#b', 'a%2', '%zz', ':no-scheme']],
  ['xs:language', ['en', 'en-GB', 'de-CH-1996', 'x-klingon', 'i-enochian'], ['', 'englishlanguage', 'en_GB', 'en-', '-en', 'en--GB', 'fr-123456789']]
]

describe('XEP-0122 datatypes (XML Schema 1.0)', () => {
  for (const [name, valid, invalid] of LEXICAL) {
    describe(name, () => {
      for (const text of valid) it(`accepts ${JSON.stringify(text)}`, () => equal(type(name).parse(text) !== undefined, true))
      for (const text of invalid) it(`refuses ${JSON.stringify(text)}`, () => equal(type(name).parse(text), undefined))
    })
  }

  it('reads the integer types exactly, with BigInt', () => {
    deepStrictEqual(
      ['xs:integer', 'xs:long', 'xs:int', 'xs:short', 'xs:byte'].map((t) => type(t).parse('-000127')),
      [-127n, -127n, -127n, -127n, -127n]
    )
    equal(type('xs:integer').parse('123456789012345678901234567890'), 123456789012345678901234567890n)
  })

  it('names an unknown datatype xs:string (XEP-0122 §5.1)', () => {
    deepStrictEqual(['xs:integer', 'xs:gYear', 'x:custom', '', undefined, 5].map(datatypeName),
      ['xs:integer', 'xs:string', 'xs:string', 'xs:string', 'xs:string', 'xs:string'])
  })

  // [datatype, a, b, compare(a, b)]
  const ORDER: Array<[string, string, string, -1 | 0 | 1 | undefined]> = [
    ['xs:integer', '99999999999999999999', '100000000000000000000', -1],
    ['xs:integer', '+7', '007', 0],
    ['xs:decimal', '1.10', '1.1', 0],
    ['xs:decimal', '0.30000000000000000001', '0.3', 1],
    ['xs:decimal', '-2', '-10.5', 1],
    ['xs:decimal', '.5', '0.49999999999999999999', 1],
    ['xs:double', '1e3', '999.9', 1],
    ['xs:double', '-INF', '-1e308', -1],
    ['xs:double', 'NaN', '0', undefined],
    ['xs:double', '0', '-0', 0],
    ['xs:dateTime', '2003-10-06T11:22:00-07:00', '2003-10-06T18:22:00Z', 0],
    ['xs:dateTime', '2003-10-06T11:22:00.5Z', '2003-10-06T11:22:00.49Z', 1],
    ['xs:dateTime', '2000-12-31T24:00:00Z', '2001-01-01T00:00:00Z', 0],
    ['xs:dateTime', '-0001-12-31T00:00:00Z', '0001-01-01T00:00:00Z', -1],
    // XSD 1.0 §3.2.7.4: with and without a time zone, only more than 14 hours apart are ordered.
    ['xs:dateTime', '2003-10-06T11:22:00', '2003-10-06T18:22:00Z', undefined],
    ['xs:dateTime', '2003-10-07T11:22:00', '2003-10-06T18:22:00Z', 1],
    ['xs:dateTime', '2003-10-05T11:22:00Z', '2003-10-06T11:22:00', -1],
    ['xs:date', '2002-10-10+13:00', '2002-10-10Z', -1],
    ['xs:date', '2002-10-10', '2002-10-11', -1],
    ['xs:time', '13:00:00+01:00', '12:00:00Z', 0],
    ['xs:time', '24:00:00', '00:00:00', 0],
    ['xs:time', '08:00:00', '20:00:00', -1]
  ]
  for (const [name, a, b, expected] of ORDER) {
    it(`orders ${name} ${a} against ${b}: ${String(expected)}`, () => {
      const t = type(name)
      equal(t.compare!(t.parse(a), t.parse(b)), expected)
    })
  }

  it('leaves the text types and xs:boolean unordered (their <range/> is ignored)', () => {
    deepStrictEqual(['xs:string', 'xs:boolean', 'xs:anyURI', 'xs:language'].map((t) => type(t).compare), [undefined, undefined, undefined, undefined])
  })
})

describe('whiteSpace facet before a pattern (XML Schema 1.0 Part 2 §4.3.6)', () => {
  const CASES: Array<[string, string, string]> = [
    ['xs:string', ' a \t b ', ' a \t b '],
    ['xs:integer', ' 42 ', '42'],
    ['xs:anyURI', '\t a \n\r  b\t', 'a b'],
    ['xs:date', '', '']
  ]
  for (const [datatype, text, expected] of CASES) {
    it(`${datatype} ${JSON.stringify(text)}`, () => equal(normalizeWhiteSpace(datatype, text), expected))
  }
  it('linear on a million spaces', () => equal(normalizeWhiteSpace('xs:integer', `${' '.repeat(1e6)}1${' '.repeat(1e6)}`), '1'))
})
