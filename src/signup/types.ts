/**
 * Exported JSON types of the sign-up before login (XEP-0077 In-Band Registration on an
 * unauthenticated stream, XEP-0445 pre-authenticated registration with a token, XEP-0401
 * invite URIs): the features a server advertised, the results and the errors.
 */
import type { ClientError, ConnectionError, FormInput, GetResult, LegacyFieldsInput, Oob, StanzaError, TimeoutError } from '../core/types'

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

/** Payload of `xmpp.register.account.get`: a configured domain (and a XEP-0445 token), or an invite URI. */
export interface AccountGetRequest {
  /** A domain the operator configured (with `invite`: optional, must be the invite's). */
  domain?: string
  /** A XEP-0445 token, sent right after the get. */
  token?: string
  /** A XEP-0401 invite URI (`xmpp:example.org?register;preauth=TOKEN`); not with `token`. */
  invite?: string
}

/** What the invite URI of a get said (never its token). */
export interface InviteSummary {
  domain: string
  /** The username the inviter chose. */
  username?: string
  /**
   * The inviter of a contact invite (`xmpp:alice@example.org?roster;preauth=…;ibr=y`): after
   * the sign-up and the first login the two are contacts both ways (XEP-0379; Prosody's
   * mod_invites_register subscribes them).
   */
  contact?: string
}

/** Data of a successful `xmpp.register.account.get`. */
export type AccountGetResult = GetResult & {
  /** The domain signed up for (lower-case). */
  domain: string
  /** What the server advertised before login. */
  features: SignupFeatures
  /** Given when the request carried an invite URI. */
  invite?: InviteSummary
}

/** Payload of `xmpp.register.account.set`: legacy fields or a form (the form wins), and a token if the get had none. */
export interface AccountSetRequest extends LegacyFieldsInput {
  domain: string
  form?: FormInput
  token?: string
}

/** A callback of the sign-up events: `(error)` on failure, `(null, data)` on success. */
export type SignupCallback<R> = (error: SignupError | null, data?: R) => void

/** Data of a successful sign-up: the new account's bare JID (when the request named a username). */
export interface SignupResult {
  registered: true
  jid?: string
  oob?: Oob
  /** The inviter, when the token this stream took came from a contact invite (see {@link InviteSummary}). */
  contact?: string
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

/**
 * A per-client or deployment-wide sign-up limit was reached (issue 16; `limits` of the sign-up
 * options); nothing was sent to the XMPP server.
 */
export interface PolicyViolationError {
  type: 'wait'
  condition: 'policy-violation'
  /** Which limit, and `try again in N s`. */
  description: string
  /** Seconds until a place frees, as the limits' store counts them (at least 1). */
  retryAfter: number
}

/** Any error a sign-up stream reports (a client error for a domain the operator did not list). */
export type SignupError = StanzaError | ClientError | ConnectionError | TimeoutError | TlsFailureError | NoRegistrationError | LimitError | PolicyViolationError

/** The outcome of a sign-up step: its data, or the error. Never thrown. */
export type Outcome<T> = { error: SignupError } | { data: T }

export type { RegistrationMode } from '../core/types'
