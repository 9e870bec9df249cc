/**
 * The plugin's options (`new Register(options)`), checked once: each an integer in its range,
 * or a `RangeError` naming it.
 */
import type { RegisterOptions } from '../core/types'
import { DEFAULT_MAX_BOB_BYTES } from '../media/bob'
import { DEFAULT_MAX_STANZA_BYTES } from '../transport/size'

/** Default milliseconds to wait for a reply. */
export const DEFAULT_TIMEOUT = 10000
/** The largest timeout Node's timers take, and the largest byte bound. */
const MAX_INTEGER_OPTION = 2147483647

/** The checked options, defaults filled in. */
export interface PluginOptions {
  timeout: number
  maxStanzaBytes: number
  maxBobBytes: number
}

const integer = (name: string, value: unknown, min: number, unit = ''): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_INTEGER_OPTION) {
    throw new RangeError(`xmpp-ftw-register: ${name} must be an integer from ${min} to ${MAX_INTEGER_OPTION}${unit}`)
  }
  return value
}

/** `options` checked, with the defaults; throws a `RangeError` naming a bad one. */
export const resolvePluginOptions = (options: RegisterOptions): PluginOptions => ({
  timeout: integer('timeout', options.timeout ?? DEFAULT_TIMEOUT, 1, ' ms'),
  maxStanzaBytes: integer('maxStanzaBytes', options.maxStanzaBytes ?? DEFAULT_MAX_STANZA_BYTES, 1),
  maxBobBytes: integer('maxBobBytes', options.maxBobBytes ?? DEFAULT_MAX_BOB_BYTES, 0)
})
