/**
 * Sign-up before login: XEP-0077 In-Band Registration on an unauthenticated stream, with
 * XEP-0445 tokens and XEP-0401 invite URIs. The operator's configuration, the invite parser
 * and the sign-up stream.
 */
export { resolveSignupConfig, serverFor, normalizeDomain, SIGNUP_DEFAULTS } from './config'
export type { SignupConfig, SignupOptions, SignupServer, SignupServerOptions, TlsPolicy, CaInput } from './config'
export { parseInvite, isToken, INVITE_MESSAGES, MAX_INVITE_CHARS, MAX_TOKEN_CHARS } from './invite'
export type { InviteChecked } from './invite'
export { SignupStream, signupStreamCount } from './stream'
export type * from './types'
export { registrationMode } from '../xep0077/replies'
export { checkAccountGet, checkAccountSet, SIGNUP_MESSAGES } from './validate'
export type { AccountGetCommand, AccountSetCommand, SignupCommand } from './validate'
export { attachSignup, SIGNUP_EVENTS, SIGNUP_REFUSALS } from './attach'
export type { SignupAttachment } from './attach'
export type { SignupHost, SignupSocket } from './socket'
export { clientKey, compileTrust, socketIoClientAddress, DEFAULT_IPV6_PREFIX } from './client-address'
export type { TrustedProxies, SocketIoLike } from './client-address'
export { resolveLimits, LIMIT_DEFAULTS } from './limits/options'
export type { SignupLimitOptions, LimitSettings } from './limits/options'
export { SignupLimits, limitsFor, policyViolation } from './limits'
