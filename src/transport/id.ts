/**
 * Stanza ids for XEP-0077 requests: unique per process and short (they travel in every
 * request and reply). A random prefix, chosen per process, and a counter. Replies are
 * matched by id and sender, so the id need not be secret.
 */
import { randomBytes } from 'node:crypto'

const prefix = `reg-${randomBytes(6).toString('base64url')}-`
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
// The counter in base 36, kept as its last digit and the string of the others: the
// runtime's radix conversion (a C++ call) runs once every 36 ids instead of on every one.
let high = 0
let highText = ''
let low = 0

/** A new stanza id: the prefix and the counter (1, 2, …) in base 36. */
export const nextId = (): string => {
  if (++low === 36) {
    low = 0
    highText = (++high).toString(36)
  }
  return prefix + highText + DIGITS[low]!
}
