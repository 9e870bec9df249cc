/**
 * How a plugin request ends (plugin/register.ts): the reply parsed and cleaned of private
 * values, the form memory updated, a refused CAPTCHA answer given a fresh form, a form's
 * `cid:` images fetched (XEP-0231), or the error of no reply. One `done` serves every
 * request's tracker entry, so that a request makes no closure of its own.
 */
import { log } from '../core/log'
import type * as T from '../core/types'
import { formHasMedia } from '../media/form-images'
import type { ClientLike } from '../transport/host'
import type { Outcome } from '../transport/tracker'
import { noReplyError, noReplyWords, withImages, type ExchangeContext } from './exchange'
import type { Operation } from './operations'
import { learnFormType, withoutSecrets } from './remembered'
import { settleWith, type Waiting } from './waiting'

/** What finishing a request needs of the plugin instance. */
export interface FinishContext extends ExchangeContext {
  get(data: T.GetRequest, callback: T.Callback<T.GetResult>): void
}

const finish = <C extends { to: string }, R>(
  register: FinishContext,
  op: Operation<C, R>,
  command: C,
  home: boolean,
  outcome: Outcome,
  reply: (error: T.RegisterError | null, data?: R) => void,
  client: ClientLike,
  jid: string
): void => {
  if (outcome.kind === 'reply') {
    const parsed = withoutSecrets(client, op.slot, jid, op.parse(outcome.stanza), op.submitted(command))
    learnFormType(client, op, jid, parsed)
    if (log.enabled) log('%s reply: %s', op.name, 'error' in parsed ? parsed.error.condition : 'success')
    if ('error' in parsed && op.freshForm?.(command) === true) {
      withFreshForm(register, command.to, parsed.error, reply)
      return
    }
    // No media pass (nor its closure) for a reply without a form, or whose form has no media.
    if (op.media === undefined || register.maxBobBytes === 0 || !formHasMedia(op.media.of(parsed))) {
      settleWith(reply, parsed)
      return
    }
    try {
      withImages(register, op.media, parsed, outcome.stanza, client, jid, home, (final) => settleWith(reply, final))
    } catch (e) {
      // The reply as parsed, images or not: the callback is called once whatever happens.
      log('%s images failed: %s', op.name, e instanceof Error ? e.message : String(e))
      settleWith(reply, parsed)
    }
  } else {
    const result = outcome.kind === 'offline' ? op.resultOnClose?.(command, home) : undefined
    log('%s to %s: %s', op.name, command.to, noReplyWords(outcome, register.timeout))
    if (result !== undefined) reply(null, result)
    else reply(noReplyError(outcome, command.to, register.timeout))
  }
}

/**
 * After a refused answer to a CAPTCHA challenge (media/captcha.ts: single-use), `error` with the
 * form of a new get to `to` (new challenge, new image) instead of the echo; as it is when
 * that get fails.
 */
const withFreshForm = (register: FinishContext, to: string, error: T.StanzaError, reply: (error: T.RegisterError) => void): void => {
  register.get({ to }, (getError, data) => {
    const form = getError === null ? data?.form : undefined
    log('set: fresh form from %s: %s', to, form === undefined ? 'none' : 'given')
    reply(form === undefined ? error : { ...error, form })
  })
}

/** The `done` of every request's tracker entry (one function, not a closure per request). */
export const finishWaiting = function (this: Waiting<{ to: string }, unknown>, outcome: Outcome): void {
  finish(this.register as FinishContext, this.op, this.command, this.home, outcome, this.reply, this.client, this.from)
}
