// Errors in words on the example page: a table from condition to sentence, and the server's own
// text after it only when it is words too. Never raw JSON, never an internal address or port
// (xmpp-ftw reports a refused connection as condition `unknown` with the Node error as JSON:
// `{"errno":-111,"code":"ECONNREFUSED","address":"127.0.0.1",…}`). Pure, no DOM: unit-tested.
import type { RegisterError } from '../../../src/core/types'

/** Said when the XMPP server (or the network to it) cannot be reached. */
export const UNREACHABLE_XMPP = 'The XMPP server cannot be reached at the moment: try again later'

/** Said when a request is cut short by the page's socket to the web server going away. */
export const WEB_SERVER_LOST = 'Connection to the web server lost — reconnecting'

/** Conditions after login (and of the login itself) in words. */
export const CONDITIONS: Readonly<Record<string, string>> = {
  'bad-request': 'The server did not accept the request',
  conflict: 'That name is already taken',
  'client-error': 'The request is not valid',
  disconnected: 'The connection to the XMPP server was lost: log in again',
  forbidden: 'You are not allowed to do that',
  'item-not-found': 'There is no such room or service',
  'login-fail': 'Wrong username or password',
  'not-acceptable': 'Some information is missing or not acceptable',
  'not-allowed': 'This is not allowed here',
  'not-authorized': 'You are not authorised to do that',
  'not-connected': 'You are not connected: log in again',
  'registration-fail': 'The account could not be created (the name may be taken)',
  'registration-required': 'You need to be a member (or owner) of this room first',
  'service-unavailable': 'That address does not offer registration',
  'feature-not-implemented': 'The server does not offer that',
  'resource-constraint': 'The server is busy: try again in a minute',
  'internal-server-error': 'The server had a problem: try again later',
  'remote-server-not-found': 'That server cannot be reached',
  'remote-server-timeout': 'That server did not answer in time',
  'web-server-lost': WEB_SERVER_LOST,
  'web-server-unreachable': 'The web server cannot be reached: try again in a moment',
  timeout: 'The server did not answer in time',
  'undefined-condition': 'The server refused without saying why',
  unknown: 'Something went wrong on the way to the XMPP server: try again later'
}

/** Said for a condition no table has. */
export const FALLBACK = 'Something went wrong: try again later'

/** Node's network error codes: the XMPP server (or its name) cannot be reached. */
const NETWORK_CODES = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE)\b/

/** Text that is not words for a person: JSON, an IP address (with or without a port), a host:port, an errno. */
const NOT_WORDS = /[{}[\]"\\]|\b\d{1,3}(\.\d{1,3}){3}\b|::|\b[A-Za-z0-9.-]+:\d{2,5}\b|\berrno\b|\bE[A-Z]{4,}\b/

/** The most characters of a server's own text shown after the sentence. */
export const MAX_DETAIL = 200

/** The error was a network failure on the way to the XMPP server. */
export const unreachable = (error: RegisterError): boolean => typeof error.description === 'string' && NETWORK_CODES.test(error.description)

/**
 * `sentence` with the server's own `description` after it in brackets, when that is words
 * (short, no JSON, no address, not the sentence again), its final full stop dropped so that
 * the whole ends with one: `Taken (The name exists).`
 */
export const inWords = (sentence: string, description?: unknown): string => {
  const detail = typeof description === 'string' ? description.trim().replace(/[.!\s]+$/, '') : ''
  const shown = detail !== '' && detail.length <= MAX_DETAIL && !NOT_WORDS.test(detail) && detail !== sentence
  return shown ? `${sentence} (${detail}).` : `${sentence}.`
}

/** An error in words, with the server's text when it is words; a network failure as such. */
export const describe = (error: RegisterError, table: Readonly<Record<string, string>> = CONDITIONS): string =>
  unreachable(error) ? `${UNREACHABLE_XMPP}.` : inWords(table[error.condition] ?? FALLBACK, error.description)
