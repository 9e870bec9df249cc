/**
 * XEP-0158 CAPTCHA forms as XEP-0077 registration submits them (ejabberd 23.01 with
 * FORM_TYPE `jabber:iq:register`, XEP-0158 §4 with `urn:xmpp:captcha`): what marks a
 * submission as an answer to a challenge. A challenge is single-use — ejabberd deletes it on
 * any attempt, right or wrong, and after 120 s; XEP-0158 §3.4 answers one not found, already
 * answered or too old with `service-unavailable` — so after a refused answer the form the page
 * holds is dead, and a fresh one (a new get) is what it needs.
 */
import type { SubmitForm } from '../forms/data-form'

/** The hidden field naming the challenge (XEP-0158 §3.2). */
export const CHALLENGE_FIELD = 'challenge'

/** Whether a submitted form answers a CAPTCHA challenge (it carries a non-empty `challenge`). */
export const answersChallenge = (form: SubmitForm | undefined): boolean =>
  form?.fields.some((field) => field.var === CHALLENGE_FIELD && field.values.some((value) => value !== '')) === true
