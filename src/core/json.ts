/**
 * Reading untrusted JSON from a socket (XEP-0077 requests and their XEP-0004 forms): type
 * guards that never throw.
 */

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>

/** True when `value` is a JSON object, not an array and not null. */
export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The text a scalar is submitted as (`true`/`false` for booleans), or undefined for anything else. */
export const scalarText = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return undefined
}
