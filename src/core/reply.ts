/**
 * A parsed reply (XEP-0077 and the XEPs it carries): the data for the callback, or the
 * stanza error. Shared by the wire format, forms and media, so it sits with the public types.
 */
import type { StanzaError } from './types'

/** A parsed reply: the data for the callback, or the error. */
export type Reply<T> = { error: StanzaError } | { data: T }
