// XEP-0122 <regex/> patterns translated to JS RegExps: anchored, XML Schema escapes and POSIX
// classes translated, unsupported or unsafe patterns refused, long values bounded.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { MAX_REGEX_STEPS, patternFor, translatePattern } from '../../../src/forms/xsd-regex'

const source = (pattern: string): string => {
  const t = translatePattern(pattern)
  return 'refused' in t ? `refused: ${t.refused}` : t.regex.source
}

const matches = (pattern: string, value: string): boolean => {
  const t = translatePattern(pattern)
  if ('refused' in t) throw new Error(`refused: ${t.refused}`)
  return t.regex.test(value)
}

describe('XEP-0122 regex patterns', () => {
  // [pattern, JS source, or the refusal]
  const TRANSLATIONS: Array<[string, string]> = [
    ['([0-9]{3})-([0-9]{2})-([0-9]{4})', '^(?:(?:[0-9]{3})-(?:[0-9]{2})-(?:[0-9]{4}))$'],
    ['\\d\\D\\s\\S\\w\\W', '^(?:\\p{Nd}\\P{Nd}[ \\t\\n\\r][^ \\t\\n\\r][^\\p{P}\\p{Z}\\p{C}][\\p{P}\\p{Z}\\p{C}])$'],
    ['[\\d\\s\\W_]', '^(?:[\\p{Nd} \\t\\n\\r\\p{P}\\p{Z}\\p{C}_])$'],
    ['a.b', '^(?:a[^\\n\\r]b)$'],
    ['\\p{Lu}\\P{L}', '^(?:\\p{Lu}\\P{L})$'],
    ['[[:alpha:]][[:digit:][:xdigit:]]', '^(?:[\\p{L}][\\p{Nd}0-9A-Fa-f])$'],
    ['[]a]', '^(?:[\\]a])$'],
    ['[^]a-c]', '^(?:[^\\]a-c])$'],
    ['[a[b]', '^(?:[a\\[b])$'],
    ['a\\-b\\.c\\$', '^(?:a-b\\.c\\$)$'],
    ['a]b}', '^(?:a\\]b\\})$'],
    ['^[a-z]+$', '^(?:^[a-z]+$)$'],
    ['😀+', '^(?:😀+)$'],
    ['(a+)+b', 'refused: repeated group with a variable quantifier or alternation'],
    ['(a|aa)*', 'refused: repeated group with a variable quantifier or alternation'],
    ['((a|b)c)+', 'refused: repeated group with a variable quantifier or alternation'],
    ['(x(a*))+', 'refused: repeated group with a variable quantifier or alternation'],
    ['(a|b)?', '^(?:(?:a|b)?)$'],
    ['(ab){2,5}', '^(?:(?:ab){2,5})$'],
    ['(a{3}){2,}', '^(?:(?:a{3}){2,})$'],
    ['[a-z-[aeiou]]', 'refused: class subtraction'],
    ['\\p{IsBasicLatin}', 'refused: \\p other than a general category'],
    ['\\i\\c*', 'refused: escape \\i'],
    ['(a)\\1', 'refused: escape \\1'],
    ['(?=a)a', 'refused: (? group'],
    ['a*?', 'refused: quantifier without an atom'],
    ['*a', 'refused: quantifier without an atom'],
    ['a{,3}', 'refused: bad {n,m}'],
    ['(a', 'refused: unclosed group'],
    ['a)', 'refused: unbalanced )'],
    ['[a', 'refused: unclosed ['],
    ['[[:graph:]]', 'refused: [:graph:]'],
    ['a\\', 'refused: trailing backslash'],
    ['[z-a]', 'refused: Invalid regular expression: /^(?:[z-a])$/u: Range out of order in character class'],
    ['a{2,1}', 'refused: Invalid regular expression: /^(?:a{2,1})$/u: numbers out of order in {} quantifier']
  ]
  for (const [pattern, expected] of TRANSLATIONS) {
    it(`${pattern} → ${expected}`, () => equal(source(pattern), expected))
  }

  // [pattern, value, matches]
  const MATCHES: Array<[string, string, boolean]> = [
    ['([0-9]{3})-([0-9]{2})-([0-9]{4})', '123-12-1234', true],
    ['([0-9]{3})-([0-9]{2})-([0-9]{4})', 'x123-12-1234', false], // implicitly anchored
    ['([0-9]{3})-([0-9]{2})-([0-9]{4})', '123-12-12345', false],
    ['a|b', 'a', true],
    ['a|b', 'ab', false], // the anchors hold around the whole alternation
    ['\\d+', '١٢٣', true], // \d is any decimal digit (\p{Nd})
    ['\\w+', 'héllo', true],
    ['\\w+', 'a-b', false],
    ['.', '\n', false],
    ['.', '😀', true], // one code point, thanks to the u flag
    ['[[:upper:]][[:lower:]]+', 'Éloïse', true],
    ['\\s', '\u00A0', false], // XML white space only
    ['^[a-z]+$', 'abc', true]
  ]
  for (const [pattern, value, expected] of MATCHES) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(value)}`, () => equal(matches(pattern, value), expected))
  }

  it('bounds the value length so that a test stays within MAX_REGEX_STEPS', () => {
    const max = (pattern: string): number => {
      const t = translatePattern(pattern)
      return 'refused' in t ? -1 : t.maxLength
    }
    deepStrictEqual(
      ['[0-9]{3}', 'a+', 'a+b*', '[a-z]+@[a-z]+\\.[a-z]{2,}', '(a|b)(c|d)e*'].map(max),
      [Infinity, MAX_REGEX_STEPS - 1, Math.floor(MAX_REGEX_STEPS ** (1 / 2)) - 1, Math.floor(MAX_REGEX_STEPS ** (1 / 3)) - 1, MAX_REGEX_STEPS / 4 - 1]
    )
  })

  it('remembers the last 64 patterns', () => {
    const first = patternFor('remembered+')
    equal(patternFor('remembered+'), first)
    for (let i = 0; i < 64; i++) patternFor(`other${i}`)
    const again = patternFor('remembered+')
    equal(again === first, false, 'dropped after 64 others')
    deepStrictEqual(again, first)
  })
})
