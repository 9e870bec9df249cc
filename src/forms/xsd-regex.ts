/**
 * XEP-0122 `<regex/>` patterns as JavaScript RegExps (with the `u` flag), translated
 * construct by construct and checked to be safe to run on untrusted values.
 *
 * Meaning: the pattern must match the whole value (XML Schema `pattern` semantics: implicitly
 * anchored; a POSIX `^`/`$` that XEP-0122's "POSIX extended" authors write stays an anchor).
 * XML Schema escapes are translated (`\d` is `\p{Nd}`, `\w` is `[^\p{P}\p{Z}\p{C}]`, `\s` is
 * the four XML white space characters, `.` any character but `\n`/`\r`, `\p{Lu}` and the
 * other general categories); POSIX bracket classes (`[[:alpha:]]`) too. Constructs either
 * grammar lacks or JS cannot express the same way (`\p{IsBlock}`, `\i`, `\c`, class
 * subtraction, back-references, `(?…)`, lazy quantifiers) make the pattern unusable.
 *
 * Safety (the pattern comes from the service, the value from the user, and a backtracking
 * engine can take exponential time): a pattern is used only when no repeated group holds a
 * variable-length quantifier or an alternation (so no exponential case), and the value is
 * tested only when `alternatives × (length + 1)^quantifiers` stays within
 * {@link MAX_REGEX_STEPS}, where `quantifiers` counts the variable-length ones and
 * `alternatives` is the product of the branch counts (a bound of the polynomial cost).
 */

/** The budget of backtracking steps a pattern test may take (about 10 ms). */
export const MAX_REGEX_STEPS = 2 ** 20

/** A usable pattern: the RegExp, and the longest value it may be run on. */
export interface Pattern {
  regex: RegExp
  maxLength: number
}

/** Why a pattern is not used. */
export type Refusal = { refused: string }

class Unsupported extends Error {}

const CATEGORIES = new Set('L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po Z Zs Zl Zp S Sm Sc Sk So C Cc Cf Co Cn'.split(' '))

// POSIX bracket classes (re_format(7)), Unicode-aware as XEP-0122 asks.
const POSIX_CLASSES: ReadonlyMap<string, string> = new Map([
  ['alpha', '\\p{L}'],
  ['digit', '\\p{Nd}'],
  ['alnum', '\\p{L}\\p{Nd}'],
  ['upper', '\\p{Lu}'],
  ['lower', '\\p{Ll}'],
  ['space', '\\s'],
  ['blank', ' \\t'],
  ['punct', '\\p{P}'],
  ['cntrl', '\\p{Cc}'],
  ['xdigit', '0-9A-Fa-f']
])

// XSD single-character escapes (plus POSIX `\$`), as JS `u` mode accepts them.
const SINGLE = new Map([
  ['n', '\\n'], ['r', '\\r'], ['t', '\\t'], ['\\', '\\\\'], ['|', '\\|'], ['.', '\\.'], ['?', '\\?'], ['*', '\\*'],
  ['+', '\\+'], ['(', '\\('], [')', '\\)'], ['{', '\\{'], ['}', '\\}'], ['-', '\\-'], ['[', '\\['], [']', '\\]'],
  ['^', '\\^'], ['$', '\\$']
])

// Multi-character escapes: outside a class, and inside one (where a complement cannot nest).
const MULTI_OUT = new Map([
  ['d', '\\p{Nd}'], ['D', '\\P{Nd}'], ['s', '[ \\t\\n\\r]'], ['S', '[^ \\t\\n\\r]'],
  ['w', '[^\\p{P}\\p{Z}\\p{C}]'], ['W', '[\\p{P}\\p{Z}\\p{C}]']
])
const MULTI_IN = new Map([['d', '\\p{Nd}'], ['D', '\\P{Nd}'], ['s', ' \\t\\n\\r'], ['W', '\\p{P}\\p{Z}\\p{C}']])

// Sticky (read at `lastIndex`): no slicing of the pattern, which would be quadratic on a long one.
const COUNT = /\{([0-9]+)(,([0-9]*))?\}/y
const CATEGORY = /\{([A-Za-z]+)\}/y
const POSIX_CLASS = /\[:([a-z]+):\]/y

const stickyAt = (re: RegExp, s: string, at: number): RegExpExecArray | null => {
  re.lastIndex = at
  return re.exec(s)
}

/** One open group while scanning: its branches, and whether it holds a variable quantifier or an alternation. */
interface Frame {
  branches: number
  variable: boolean
  alternation: boolean
}

const frame = (): Frame => ({ branches: 1, variable: false, alternation: false })

class Scanner {
  private i = 0
  private out = ''
  private readonly stack: Frame[] = [frame()]
  /** What a quantifier here would repeat: null (nothing), an atom, or a closed group. */
  private last: null | 'atom' | Frame = null
  quantifiers = 0
  alternatives = 1

  constructor(private readonly source: string) {}

  run(): string {
    const s = this.source
    while (this.i < s.length) {
      const c = s[this.i]!
      if (c === '\\') this.atom(this.escape(MULTI_OUT, false))
      else if (c === '[') this.atom(this.klass())
      else if (c === '(') this.open()
      else if (c === ')') this.close()
      else if (c === '|') this.branch()
      else if (c === '*' || c === '+' || c === '?' || c === '{') this.quantifier()
      else if (c === '^' || c === '$') this.anchor(c)
      else if (c === '.') this.atom('[^\\n\\r]', 1)
      else if (c === ']' || c === '}') this.atom(`\\${c}`, 1)
      else {
        const char = String.fromCodePoint(s.codePointAt(this.i)!)
        this.atom(char, char.length)
      }
    }
    if (this.stack.length !== 1) throw new Unsupported('unclosed group')
    this.alternatives *= this.stack[0]!.branches
    return this.out
  }

  private atom(js: string, advance = 0): void {
    this.out += js
    this.i += advance
    this.last = 'atom'
  }

  private anchor(c: string): void {
    this.out += c
    this.i++
    this.last = null
  }

  private open(): void {
    if (this.source[this.i + 1] === '?') throw new Unsupported('(? group')
    this.stack.push(frame())
    this.out += '(?:'
    this.i++
    this.last = null
  }

  private close(): void {
    if (this.stack.length === 1) throw new Unsupported('unbalanced )')
    const group = this.stack.pop()!
    this.alternatives *= group.branches
    group.alternation ||= group.branches > 1
    const parent = this.stack[this.stack.length - 1]!
    parent.variable ||= group.variable
    parent.alternation ||= group.alternation
    this.out += ')'
    this.i++
    this.last = group
  }

  private branch(): void {
    this.stack[this.stack.length - 1]!.branches++
    this.out += '|'
    this.i++
    this.last = null
  }

  private quantifier(): void {
    const s = this.source
    const target = this.last
    if (target === null) throw new Unsupported('quantifier without an atom')
    let min: number
    let max: number
    const c = s[this.i]!
    if (c === '{') {
      const m = stickyAt(COUNT, s, this.i)
      if (m === null) throw new Unsupported('bad {n,m}')
      min = Number(m[1])
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])
      this.out += m[0]
      this.i += m[0].length
    } else {
      min = c === '+' ? 1 : 0
      max = c === '?' ? 1 : Infinity
      this.out += c
      this.i++
    }
    const variable = min !== max
    if (target !== 'atom' && (target.variable || target.alternation) && max > 1) {
      throw new Unsupported('repeated group with a variable quantifier or alternation')
    }
    if (variable) {
      this.quantifiers++
      this.stack[this.stack.length - 1]!.variable = true
    }
    this.last = null // a second quantifier in a row (lazy `*?`, `a**`) is refused
  }

  /** An escape at `this.i` (the backslash), translated. */
  private escape(multi: ReadonlyMap<string, string>, inClass: boolean): string {
    const c = this.source[this.i + 1]
    if (c === undefined) throw new Unsupported('trailing backslash')
    this.i += 2
    const single = SINGLE.get(c)
    if (single !== undefined) return !inClass && c === '-' ? '-' : single
    const translated = multi.get(c)
    if (translated !== undefined) return translated
    if (c === 'p' || c === 'P') {
      const m = stickyAt(CATEGORY, this.source, this.i)
      if (m === null || !CATEGORIES.has(m[1]!)) throw new Unsupported(`\\${c} other than a general category`)
      this.i += m[0].length
      return `\\${c}{${m[1]}}`
    }
    throw new Unsupported(`escape \\${c}`)
  }

  /** A character class at `this.i` (the `[`), translated. */
  private klass(): string {
    const s = this.source
    this.i++
    let out = '['
    if (s[this.i] === '^') {
      out += '^'
      this.i++
    }
    // POSIX: a `]` first in the class is a literal.
    if (s[this.i] === ']') {
      out += '\\]'
      this.i++
    }
    while (this.i < s.length) {
      const c = s[this.i]!
      if (c === ']') {
        this.i++
        return out + ']'
      }
      if (c === '\\') {
        out += this.escape(MULTI_IN, true)
      } else if (c === '[') {
        const m = stickyAt(POSIX_CLASS, s, this.i)
        const posix = m && POSIX_CLASSES.get(m[1]!)
        if (m && posix === undefined) throw new Unsupported(`[:${m[1]}:]`)
        if (m) {
          out += posix
          this.i += m[0].length
        } else {
          out += '\\['
          this.i++
        }
      } else if (c === '-' && s[this.i + 1] === '[') {
        throw new Unsupported('class subtraction')
      } else {
        const char = String.fromCodePoint(s.codePointAt(this.i)!)
        out += char
        this.i += char.length
      }
    }
    throw new Unsupported('unclosed [')
  }
}

/** Translates an XEP-0122 pattern; a refusal says why it cannot be used. */
export const translatePattern = (source: string): Pattern | Refusal => {
  try {
    const scanner = new Scanner(source)
    const body = scanner.run()
    const regex = new RegExp(`^(?:${body})$`, 'u')
    if (scanner.alternatives > MAX_REGEX_STEPS) return { refused: 'too many alternatives' }
    const perStep = MAX_REGEX_STEPS / scanner.alternatives
    const maxLength = scanner.quantifiers === 0 ? Infinity : Math.floor(perStep ** (1 / scanner.quantifiers)) - 1
    return { regex, maxLength }
  } catch (e) {
    // A SyntaxError: JS cannot compile the translation (a range out of order, say).
    return { refused: e instanceof Error ? e.message : 'not a pattern' }
  }
}

const cache = new Map<string, Pattern | Refusal>()
const CACHE_SIZE = 64

/** {@link translatePattern}, remembering the last 64 patterns (forms repeat). */
export const patternFor = (source: string): Pattern | Refusal => {
  let pattern = cache.get(source)
  if (pattern === undefined) {
    pattern = translatePattern(source)
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
    cache.set(source, pattern)
  }
  return pattern
}
