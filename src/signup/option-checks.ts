/**
 * Checks of the operator's options of the sign-up before login (XEP-0077 In-Band Registration
 * through the gateway): a bad value throws a `TypeError` naming its key, at attach time.
 */

/** The longest delay a Node.js timer accepts. */
export const MAX_DELAY = 2147483647

/** Throws the configuration's `TypeError`. */
export const fail = (message: string): never => {
  throw new TypeError(`xmpp-ftw-register sign-up configuration: ${message}`)
}

/** `value` when it is an integer from `min` to `max`, `fallback` when undefined; else throws. */
export const integer = (value: unknown, key: string, fallback: number, min: number, max: number): number => {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(`'${key}' must be an integer from ${min} to ${max}`)
  }
  return value
}

/** Refuses a key `options` has that is not in `known` (a misspelled option is no default). */
export const onlyKnownKeys = (options: Record<string, unknown>, known: readonly string[], prefix: string): void => {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) fail(`unknown key '${prefix}${key}' (known: ${known.join(', ')})`)
  }
}
