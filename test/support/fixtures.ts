// Test fixtures: the XEPs' numbered examples (verbatim files) parsed with ltx, and a
// canonical XML form for comparing whole elements.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { Element, parse } from 'ltx'

const dir = join(__dirname, '..', 'fixtures')

/** Example `n` of XEP `xep` (e.g. '0077'), parsed. */
export const example = (xep: string, n: number): Element =>
  parse(readFileSync(join(dir, `xep-${xep}`, `ex-${String(n).padStart(2, '0')}.xml`), 'utf8'))

/** A reply recorded from a real server: `test/fixtures/<server>/<name>.xml`, parsed. */
export const recorded = (server: string, name: string): Element =>
  parse(readFileSync(join(dir, server, `${name}.xml`), 'utf8'))

/** XEP-0077 example `n`. */
export const ex77 = (n: number): Element => example('0077', n)

/**
 * Canonical XML of an element: attributes sorted, white-space-only text between
 * elements dropped, `omit` attributes removed from the root; with `trim`, text is trimmed
 * too (XEP-0050 Ex 12 and 14, XEP-0401 Ex 7 pretty-print `<value>` over several lines).
 */
export const canonical = (el: Element, omit: string[] = [], trim = false): string => {
  const walk = (node: Element, root: boolean): string => {
    const attrs = Object.keys(node.attrs)
      .filter((name) => !(root && omit.includes(name)) && node.attrs[name] !== undefined)
      .sort()
      .map((name) => ` ${name}="${String(node.attrs[name]).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`)
      .join('')
    const kids = node.children
      .map((child) => (typeof child === 'string' ? (child.trim() === '' ? '' : (trim ? child.trim() : child).replace(/&/g, '&amp;').replace(/</g, '&lt;')) : walk(child as Element, false)))
      .join('')
    return `<${node.name}${attrs}>${kids}</${node.name}>`
  }
  return walk(el, true)
}

/** Parses an XML string (for hand-written replies in tests). */
export const xml = (text: string): Element => parse(text)
