/**
 * XEP-0231 Bits of Binary images on the XEP-0221 media of a XEP-0077 form (XEP-0158
 * CAPTCHAs), one path for every stream: the data the reply carries, else the cache, else a
 * §3 fetch from the entity the request went to (after login on the user's stream, before it
 * on the sign-up stream). Who fetches, and how, is the caller's; the rules are here.
 */
import { bobDataIn, MAX_BOB_FETCHES, mediaContentIds, withBobImages, type BobData } from './bob'
import { cacheBobData, cachedBobData } from './bob-cache'
import type { Reply } from '../core/reply'
import type { DataForm, GetResult, XmlElement } from '../core/types'

/** Where the images of one reply come from. */
export interface ImageSource {
  /** The owner of the cache: the XMPP client after login, the sign-up stream before it. */
  owner: object
  /** The entity the request went to (normalised): the only sender images are taken from. */
  sender: string
  /** The most decoded bytes of one image. */
  maxBytes: number
  /** XEP-0231 §3: asks `sender` for `cid`; `done` is called once, with the data or undefined. */
  fetch(cid: string, done: (data: BobData | undefined) => void): void
}

/**
 * Calls `done` once with `form` whose `cid:` images are `data:` URIs where the data is known:
 * carried by `reply` (then never fetched, even when it breaks the rules: the entity sent what
 * it has), cached, or fetched (at most {@link MAX_BOB_FETCHES} distinct cids, all at once). A
 * failed fetch leaves its `cid:` URI. With nothing to look up, `done` gets `form` itself at once.
 */
export const resolveFormImages = (form: DataForm, reply: XmlElement, source: ImageSource, done: (form: DataForm) => void): void => {
  const wanted = mediaContentIds(form)
  if (wanted.length === 0) {
    done(form)
    return
  }
  const { owner, sender } = source
  const found = bobDataIn(reply, source.maxBytes)
  const missing: string[] = []
  for (const cid of wanted) {
    const carried = found.get(cid)
    if (carried !== undefined) cacheBobData(owner, sender, carried)
    if (found.has(cid)) continue
    const cached = cachedBobData(owner, sender, cid)
    if (cached !== undefined) found.set(cid, cached)
    else if (missing.length < MAX_BOB_FETCHES) missing.push(cid)
  }
  const finish = (): void => done(withBobImages(form, (cid) => found.get(cid)))
  let left = missing.length
  if (left === 0) {
    finish()
    return
  }
  for (const cid of missing) {
    source.fetch(cid, (data) => {
      if (data !== undefined) {
        found.set(cid, data)
        cacheBobData(owner, sender, data)
      }
      if (--left === 0) finish()
    })
  }
}

/** Whether `form` has a field with media (else it has no image to resolve: no pass needed). */
export const formHasMedia = (form: DataForm | undefined): boolean =>
  form !== undefined && form.fields.some((field) => field.media !== undefined)

/** The form of a get reply: the result's, or the error's. */
export const getReplyForm = (parsed: Reply<GetResult>): DataForm | undefined =>
  'error' in parsed ? parsed.error.form : parsed.data.form

/** A get reply with its form (the result's, or the error's) replaced. */
export const withGetReplyForm = (parsed: Reply<GetResult>, form: DataForm): Reply<GetResult> =>
  'error' in parsed ? { error: { ...parsed.error, form } } : { data: { ...parsed.data, form } }
