/**
 * Stanza ids for XEP-0077 requests: unique per process and short (they travel in every
 * request and reply). A random prefix, chosen per process, and a counter. Replies are
 * matched by id and sender, so the id need not be secret.
 */
import { randomBytes } from 'node:crypto'

const prefix = `reg-${randomBytes(6).toString('base64url')}-`
let counter = 0

/** A new stanza id. */
export const nextId = (): string => prefix + (++counter).toString(36)
