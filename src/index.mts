/**
 * xmpp-ftw-register (XEP-0077 In-Band Registration for xmpp-ftw) as an ES module: the
 * Register class is the default export (and `Register`), its constants and every JSON type
 * are named exports. It re-exports the CommonJS entry, so `import` and `require()` give the
 * same class.
 */
import Register from './index.js'

export type * from './core/types.js'
export type * from './signup/types.js'
export type * from './adhoc/types.js'
export type { SignupOptions, SignupServerOptions, TlsPolicy, CaInput } from './signup/config.js'
export type { SignupAttachment } from './signup/attach.js'
export type { SignupHost, SignupSocket } from './signup/socket.js'
export type { SignupLimitOptions } from './signup/limits/options.js'
export type { RedisClient } from './signup/limits/store.js'
export type { TrustedProxies, SocketIoLike } from './signup/client-address.js'

/** `jabber:iq:register` (XEP-0077). */
export const NS: string = Register.NS
/** FORM_TYPE of the cancellation form (XEP-0077 §3.2). */
export const NS_CANCEL: string = Register.NS_CANCEL
/** FORM_TYPE of the password change form (XEP-0077 §3.3). */
export const NS_CHANGE_PASSWORD: string = Register.NS_CHANGE_PASSWORD
/** Default milliseconds to wait for a reply. */
export const DEFAULT_TIMEOUT: number = Register.DEFAULT_TIMEOUT

export { Register }
export default Register
