/**
 * XEP-0077 §14.1 (Schema): the legacy registration fields of `jabber:iq:register`.
 * This one table drives both the request builder and the reply parser.
 */

/** The 17 legacy data fields of XEP-0077, in schema order. */
export const REGISTRATION_FIELDS = [
  'username',
  'nick',
  'password',
  'name',
  'first',
  'last',
  'email',
  'address',
  'city',
  'state',
  'zip',
  'phone',
  'url',
  'date',
  'misc',
  'text',
  'key'
] as const

/** One of the 17 legacy XEP-0077 field names. */
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number]

const FIELD_SET: ReadonlySet<string> = new Set(REGISTRATION_FIELDS)

/** True when `name` is one of the 17 legacy XEP-0077 field names. */
export const isRegistrationField = (name: string): name is RegistrationField => FIELD_SET.has(name)
