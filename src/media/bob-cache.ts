/**
 * XEP-0231 §4 caching of Bits of Binary, per XMPP client (one per login in xmpp-ftw): data
 * with a `max-age` is kept that many seconds, data without one for the session, data with
 * `max-age='0'` not at all. Entries are keyed by sender and Content-ID: the cid's hash is not
 * checked (XEP-0231's own example does not match its bytes), so §4's rule for unverified hashes
 * applies and no entity can plant an image under another's cid. At most 16 entries per
 * client, least recently used dropped first.
 */
import type { BobData } from './bob'

/** The most entries kept per XMPP client. */
export const MAX_BOB_CACHE_ENTRIES = 16

interface Entry {
  data: BobData
  /** When it expires, in `performance.now()` milliseconds. */
  expires: number
}

const caches = new WeakMap<object, Map<string, Entry>>()

const keyOf = (sender: string, cid: string): string => `${sender}\n${cid}`

/** Keeps `data` from `sender` (a normalised JID) on `client`'s cache, as its `max-age` allows. */
export const cacheBobData = (client: object, sender: string, data: BobData): void => {
  if (data.maxAge === 0) return
  let cache = caches.get(client)
  if (cache === undefined) {
    cache = new Map()
    caches.set(client, cache)
  }
  const key = keyOf(sender, data.cid)
  cache.delete(key)
  cache.set(key, { data, expires: data.maxAge === undefined ? Infinity : performance.now() + data.maxAge * 1000 })
  if (cache.size > MAX_BOB_CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
}

/** The data of `cid` from `sender` on `client`'s cache, unless expired (then it is dropped). */
export const cachedBobData = (client: object, sender: string, cid: string): BobData | undefined => {
  const cache = caches.get(client)
  const key = keyOf(sender, cid)
  const entry = cache?.get(key)
  if (entry === undefined) return undefined
  cache!.delete(key)
  if (entry.expires <= performance.now()) return undefined
  cache!.set(key, entry)
  return entry.data
}
