/**
 * Defensive reading of XML elements for the XEP-0077 parsers: no call here throws on
 * missing children, stray text or odd attribute values.
 */
import type { XmlElement } from '../core/types'

const isElement = (node: unknown): node is XmlElement =>
  typeof node === 'object' && node !== null &&
  typeof (node as XmlElement).name === 'string' &&
  typeof (node as XmlElement).attrs === 'object' && (node as XmlElement).attrs !== null &&
  Array.isArray((node as XmlElement).children)

/** Child elements of `el`, text nodes left out. */
export const elements = (el: XmlElement): XmlElement[] => el.children.filter(isElement)

/** A string attribute, or undefined when absent or not a string. */
export const attr = (el: XmlElement, name: string): string | undefined => {
  const value = el.attrs[name]
  return typeof value === 'string' ? value : undefined
}

/**
 * The first child named `name`. With `ns`, its xmlns must be `ns`; `inheritedNs` is the
 * namespace of `el` itself, which a child without an xmlns attribute inherits.
 */
export const child = (el: XmlElement, name: string, ns?: string, inheritedNs?: string): XmlElement | undefined => {
  for (const c of el.children) {
    if (typeof c === 'string' || c.name !== name || !isElement(c)) continue
    if (ns === undefined || (attr(c, 'xmlns') ?? inheritedNs) === ns) return c
  }
  return undefined
}

/** All children named `name` (any namespace). */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] =>
  elements(el).filter((c) => c.name === name)

/** The concatenated text of `el`'s direct text nodes. */
export const text = (el: XmlElement): string => {
  let out = ''
  for (const node of el.children) {
    if (typeof node === 'string') out += node
  }
  return out
}

/** True when `node` is an element (duck-typed, for untrusted input). */
export const isXmlElement = isElement
