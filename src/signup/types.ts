/**
 * Exported JSON types of the sign-up before login (XEP-0077 In-Band Registration on an
 * unauthenticated stream, XEP-0445 pre-authenticated registration with a token, XEP-0401
 * invite URIs): the features a server advertised, the results and the errors.
 */
import type { ClientError, ConnectionError, Oob, StanzaError, TimeoutError } from '../types'

/** What a server advertised in its stream features before login. */
export interface SignupFeatures {
  /** XEP-0077 §4: `<register xmlns='http://jabber.org/features/iq-register'/>`. */
  register: boolean
  /** XEP-0445 §3: `<register xmlns='urn:xmpp:ibr-token:0'/>` (or the older `urn:xmpp:invite`). */
  preauth: boolean
}

/** An invite URI (XEP-0401) read into its parts. */
export interface Invite {
  /** The domain to sign up for. */
  domain: string
  /** The XEP-0445 token (`preauth`). */
  token: string
  /** The username the inviter chose (`xmpp:juliet@example.org?register;…`). */
  username?: string
  /** The inviter, for a roster invite that allows registration (`xmpp:romeo@example.org?roster;…;ibr=y`). */
  inviter?: string
}

/** Data of a successful sign-up: the new account's bare JID (when the request named a username). */
export interface SignupResult {
  registered: true
  jid?: string
  oob?: Oob
}

/** TLS refused, not offered where it is required, or the certificate not valid. */
export interface TlsFailureError {
  type: 'cancel'
  condition: 'tls-failure'
  description: string
}

/** The server does not advertise in-band registration before login, or (for a token) token registration. */
export interface NoRegistrationError {
  type: 'cancel'
  condition: 'feature-not-implemented'
  description: string
}

/** A limit of the gateway was reached (e.g. too many sign-up streams at once). */
export interface LimitError {
  type: 'wait'
  condition: 'resource-constraint'
  description: string
}

/** Any error a sign-up stream reports (a client error for a domain the operator did not list). */
export type SignupError = StanzaError | ClientError | ConnectionError | TimeoutError | TlsFailureError | NoRegistrationError | LimitError

/** The outcome of a sign-up step: its data, or the error. Never thrown. */
export type Outcome<T> = { error: SignupError } | { data: T }

/**
 * How a page should sign up, by XEP-0077 §7 (Precedence Order): `form` (a data form wins),
 * `legacy` (the legacy fields), or `redirect` (only instructions and an out-of-band URL).
 */
export type RegistrationMode = 'form' | 'legacy' | 'redirect'
