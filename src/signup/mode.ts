/**
 * XEP-0077 §7 (Precedence Order) — x:data, then iq:register, then x:oob — and §6
 * (Redirection): which way a get result asks to be answered. Pure.
 */
import { isRegistrationField } from '../core/fields'
import type { Reply } from '../core/reply'
import { parseGetReply } from '../xep0077/replies'
import type { GetResult, RegistrationInfo, RegistrationMode, XmlElement } from '../core/types'

/** `form` when there is a data form; `redirect` when there are no legacy fields but a URL; else `legacy`. */
export const registrationMode = (result: RegistrationInfo): RegistrationMode => {
  if (result.form !== undefined) return 'form'
  // Own enumerable keys, as Object.keys has them, without making their array.
  for (const key in result) if (Object.hasOwn(result, key) && isRegistrationField(key)) return 'legacy'
  return result.oob?.url !== undefined ? 'redirect' : 'legacy'
}

/** A get reply's data with its {@link registrationMode}. */
export const withMode = (info: RegistrationInfo): GetResult => ({ ...info, mode: registrationMode(info) })

/** XEP-0077 §3.1 Ex 2, 3, 9, 25: a get reply read, with its mode (the socket's get result). */
export const parseGetResult = (iq: XmlElement): Reply<GetResult> => {
  const reply = parseGetReply(iq)
  if ('error' in reply) return reply
  // The parser's data is a new object of its own: the mode is added to it (the keys in the
  // order withMode gives) rather than copied into another.
  const data = reply.data as GetResult
  data.mode = registrationMode(data)
  return reply as Reply<GetResult>
}
