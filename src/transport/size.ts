/**
 * The size of a request stanza on the wire (RFC 6120 §13.12: servers bound stanza size and
 * close a stream that goes over): UTF-8 bytes of the serialised, XML-escaped element.
 */
import type { Element } from 'ltx'

/** Default bound of a request stanza: 64 KiB. */
export const DEFAULT_MAX_STANZA_BYTES = 65536

// One UTF-16 unit of text or of an attribute value takes at most 6 bytes on the wire: the
// longest escape (`&quot;`, `&apos;`) is 6, a BMP character is at most 3 UTF-8 bytes, and
// a surrogate pair (2 units) is 4.
const MAX_BYTES_PER_UNIT = 6

/**
 * A cheap upper bound of the serialised size of `el`: string lengths only, no escaping,
 * no serialisation. Elements are `<name attrs>children</name>` (at most 2 × name + 5).
 */
const upperBound = (el: Element): number => {
  let bytes = 2 * el.name.length + 5
  for (const key in el.attrs) {
    const value: unknown = el.attrs[key]
    if (value === null || value === undefined) continue
    bytes += key.length + 4 + MAX_BYTES_PER_UNIT * String(value).length
  }
  for (const node of el.children) {
    bytes += typeof node === 'string' ? MAX_BYTES_PER_UNIT * node.length : upperBound(node as Element)
  }
  return bytes
}

/**
 * True when `stanza`, serialised as it is sent, takes at most `maxBytes` UTF-8 bytes.
 * Requests far below the bound are decided from string lengths alone; only the others are
 * serialised (once) and measured.
 */
export const fitsStanzaLimit = (stanza: Element, maxBytes: number): boolean =>
  upperBound(stanza) <= maxBytes || Buffer.byteLength(stanza.toString(), 'utf8') <= maxBytes
