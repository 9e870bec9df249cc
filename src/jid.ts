/**
 * JID handling (RFC 7622) for addressing XEP-0077 requests and matching their replies:
 * a light well-formedness check and case normalisation.
 */

/** The parts of a JID. */
export interface JidParts {
  local?: string
  domain: string
  resource?: string
}

const MAX_PART = 1023
// RFC 7622 §3.3.1: characters a localpart may not hold, plus white space and controls.
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const BAD_LOCAL = /[\s"&'/:<>@\u0000-\u001f\u007f]/
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const BAD_DOMAIN = /[\s"&'/<>@\u0000-\u001f\u007f]/

/** Splits a JID string into its parts; undefined when it is not a well-formed JID. */
export const parseJid = (jid: string): JidParts | undefined => {
  const slash = jid.indexOf('/')
  const bare = slash === -1 ? jid : jid.slice(0, slash)
  const resource = slash === -1 ? undefined : jid.slice(slash + 1)
  const at = bare.indexOf('@')
  const local = at === -1 ? undefined : bare.slice(0, at)
  const domain = at === -1 ? bare : bare.slice(at + 1)
  if (domain === '' || domain.length > MAX_PART || BAD_DOMAIN.test(domain)) return undefined
  if (local !== undefined && (local === '' || local.length > MAX_PART || BAD_LOCAL.test(local))) return undefined
  if (resource !== undefined && (resource === '' || resource.length > MAX_PART)) return undefined
  const parts: JidParts = { domain }
  if (local !== undefined) parts.local = local
  if (resource !== undefined) parts.resource = resource
  return parts
}

/** The parts joined back into a JID string. */
export const formatJid = (parts: JidParts): string =>
  (parts.local === undefined ? '' : `${parts.local}@`) + parts.domain +
  (parts.resource === undefined ? '' : `/${parts.resource}`)

/**
 * A JID in the form used to match replies: localpart and domainpart lower-cased (as
 * servers' stringprep/PRECIS does for the common cases), a trailing dot of the domain
 * dropped, the resource kept as is. A string that is no JID is returned unchanged.
 */
export const normalizeJid = (jid: string): string => {
  const slash = jid.indexOf('/')
  const bare = slash === -1 ? jid : jid.slice(0, slash)
  // Most JIDs are already in normal form.
  if (bare === bare.toLowerCase() && !bare.endsWith('.')) return jid
  const parts = parseJid(jid)
  if (parts === undefined) return jid
  const normal: JidParts = { domain: parts.domain.toLowerCase().replace(/\.$/, '') }
  if (parts.local !== undefined) normal.local = parts.local.toLowerCase()
  if (parts.resource !== undefined) normal.resource = parts.resource
  return formatJid(normal)
}

/** The bare form (no resource) of a JID's parts, normalised. */
export const bareOf = (parts: JidParts): string => normalizeJid(formatJid({ ...parts, resource: undefined }))
