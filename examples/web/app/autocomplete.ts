// The `autocomplete` of each input a data form renders, by what the field is for, so that
// password managers and browsers fill (or stay away from) the right ones: the username and a
// new password at sign-up, contact fields by their legacy XEP-0077 names, and `off` for a
// CAPTCHA answer (a field with an image to read) and anything else. Pure, no DOM: unit-tested.
import type { FormField } from '../../../src/core/types'

/** The legacy XEP-0077 fields (and a room nick) with an HTML autofill name. */
const BY_NAME: Readonly<Record<string, string>> = {
  username: 'username',
  password: 'new-password',
  nick: 'nickname',
  'muc#register_roomnick': 'nickname',
  name: 'name',
  first: 'given-name',
  last: 'family-name',
  email: 'email',
  address: 'street-address',
  city: 'address-level2',
  state: 'address-level1',
  zip: 'postal-code',
  phone: 'tel',
  url: 'url'
}

/** The `autocomplete` value for `field`'s input: `off` for a CAPTCHA answer and any field without a known role. */
export const autocompleteOf = (field: FormField): string => {
  if (field.media !== undefined && field.media.length > 0) return 'off'
  const byName = field.var !== undefined && Object.hasOwn(BY_NAME, field.var) ? BY_NAME[field.var] : undefined
  if (byName === 'new-password' && field.type !== 'text-private') return 'off'
  return byName ?? 'off'
}

/** A field whose value is a new password, to be typed twice. */
export const isNewPassword = (field: FormField): boolean => field.type === 'text-private' && autocompleteOf(field) === 'new-password'
