/**
 * Putting a stanza on the user's stream for the plugin: `send` guarded (a failure is the
 * request's `disconnected`), the family's `manager.trackId` convention, and the XEP-0231 §3
 * image fetches that complete a reply whose form names `cid:` images (media/form-images.ts),
 * each tracked, timed and sender-checked as the request was.
 */
import type { Element } from 'ltx'

import { log } from '../core/log'
import type { Reply } from '../core/reply'
import type * as T from '../core/types'
import { buildBobRequest, parseBobReply, type BobData } from '../media/bob'
import { resolveFormImages, type ImageSource } from '../media/form-images'
import { repliesThroughTrackId, type ClientLike, type ManagerLike } from '../transport/host'
import { nextId } from '../transport/id'
import type { IqTracker, Outcome } from '../transport/tracker'
import { trackerFor } from '../transport/trackers'
import type { FormOfReply } from './operations'
import { DISCONNECTED, sessionOf } from './session'

/** What an exchange needs of the plugin instance. */
export interface ExchangeContext {
  manager: ManagerLike | false | undefined
  /** Milliseconds to wait for a reply. */
  timeout: number
  /** The most decoded bytes of one image. */
  maxBobBytes: number
}

/**
 * Registers `stanza` with a manager that delivers replies only through `trackId` (the
 * xmpp-ftw family's test convention); the request still goes out when that throws.
 */
export const trackThroughManager = (manager: ManagerLike, stanza: Element, id: string, deliver: (reply: unknown) => void): void => {
  try {
    manager.trackId?.(stanza, deliver)
  } catch (e) {
    // The request still goes out; the client's stanza events or the timeout settle it.
    log('trackId %s failed: %s', id, e instanceof Error ? e.message : String(e))
  }
}

/** Sends `stanza`; when the client throws, `tracker` forgets `id` and the callback gets `disconnected`. */
export const transmit = (client: ClientLike, stanza: Element, id: string, tracker: IqTracker, reply: (e: T.RegisterError) => void): void => {
  try {
    client.send(stanza)
  } catch (e) {
    tracker.forget(id)
    log('send %s failed: %s', id, e instanceof Error ? e.message : String(e))
    reply({ ...DISCONNECTED })
  }
}

/**
 * Sends the IQ `stanza` (id `id`) to `jid` and tracks its reply: from `jid` (any letter case)
 * or, for the home server (`home`), from the account's own JIDs or without `from` (RFC 6120
 * §8.1.2.1). `done` gets how it ended, once; a failed send is `failed` instead.
 */
export const sendTracked = (
  context: ExchangeContext,
  client: ClientLike,
  stanza: Element,
  id: string,
  jid: string,
  home: boolean,
  done: (outcome: Outcome) => void,
  failed: () => void
): void => {
  const tracker = trackerFor(client)
  tracker.track({
    id,
    from: jid,
    alsoFrom: home ? sessionOf(context.manager)?.own : undefined,
    acceptsNoFrom: home,
    timeoutMs: context.timeout,
    deadline: 0,
    done
  })
  // A manager that delivers replies only through trackId (the family's test convention)
  // gets the request registered there too, before it is sent.
  const manager = context.manager
  if (manager && repliesThroughTrackId(manager)) trackThroughManager(manager, stanza, id, (answer) => tracker.deliver(id, answer))
  transmit(client, stanza, id, tracker, failed)
}

/** For the log: why a request got no reply. */
export const noReplyWords = (outcome: Exclude<Outcome, { kind: 'reply' }>, timeout: number): string =>
  outcome.kind === 'timeout' ? `no reply within ${timeout} ms` : outcome.kind === 'detached' ? 'logged out while waiting' : 'stream closed while waiting'

/** The error of a request that got no reply: timed out, logged out, or its stream closed. */
export const noReplyError = (outcome: Exclude<Outcome, { kind: 'reply' }>, to: string, timeout: number): T.RegisterError =>
  outcome.kind === 'timeout'
    ? { type: 'wait', condition: 'timeout', description: `No reply from ${to} within ${timeout} ms` }
    : { ...DISCONNECTED }

/** XEP-0231 §3: asks `jid` for the data of `cid`; `done` gets it, or undefined. */
const fetchBob = (context: ExchangeContext, client: ClientLike, jid: string, home: boolean, cid: string, done: (data: BobData | undefined) => void): void => {
  const id = nextId()
  const stanza = buildBobRequest(id, jid, cid)
  log('bob %s to %s: %s', id, jid, cid)
  sendTracked(context, client, stanza, id, jid, home, (outcome) => {
    const data = outcome.kind === 'reply' ? parseBobReply(outcome.stanza, cid, context.maxBobBytes) : undefined
    log('bob %s for %s: %s', id, cid, data !== undefined ? 'image' : outcome.kind === 'reply' ? 'no image' : outcome.kind)
    done(data)
  }, () => done(undefined))
}

/**
 * Settles a reply with each `cid:` image on its form's media as a `data:` URI (XEP-0231,
 * media/form-images.ts): a §3 fetch goes to `jid` on the same stream. `settle` is called once,
 * after the last fetch ends.
 */
export const withImages = <R>(
  context: ExchangeContext,
  media: FormOfReply<R>,
  parsed: Reply<R>,
  stanza: T.XmlElement,
  client: ClientLike,
  jid: string,
  home: boolean,
  settle: (parsed: Reply<R>) => void
): void => {
  const form = media.of(parsed)
  if (form === undefined) {
    settle(parsed)
    return
  }
  const source: ImageSource = {
    owner: client,
    sender: jid,
    maxBytes: context.maxBobBytes,
    fetch: (cid, done) => fetchBob(context, client, jid, home, cid, done)
  }
  resolveFormImages(form, stanza, source, (resolved) => settle(resolved === form ? parsed : media.with(parsed, resolved)))
}
