/**
 * XEP-0077 §7 (Precedence Order) — x:data, then iq:register, then x:oob — and §6
 * (Redirection): which way a get result asks to be answered. Pure.
 */
import { isRegistrationField } from '../fields'
import type { GetResult } from '../types'
import type { RegistrationMode } from './types'

/** `form` when there is a data form; `redirect` when there are no legacy fields but a URL; else `legacy`. */
export const registrationMode = (result: GetResult): RegistrationMode => {
  if (result.form !== undefined) return 'form'
  if (Object.keys(result).some(isRegistrationField)) return 'legacy'
  return result.oob?.url !== undefined ? 'redirect' : 'legacy'
}
