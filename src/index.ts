/**
 * xmpp-ftw-register: XEP-0077 In-Band Registration for xmpp-ftw.
 * `require('xmpp-ftw-register')` is the plugin class (plugin/register.ts); its namespace
 * holds the JSON types (core/types.ts, signup/types.ts, adhoc/types.ts).
 */
import type * as A from './adhoc/types'
import type * as T from './core/types'
import { Register as Plugin } from './plugin/register'
import type * as S from './signup/types'

/** The plugin class; as a type, an instance of it. */
const Register = Plugin
type Register = Plugin

/* eslint-disable @typescript-eslint/no-namespace -- the types of `export =` (CommonJS: require() returns the class) */
declare namespace Register {
  export type RegistrationField = T.RegistrationField
  export type XmlElement = T.XmlElement
  export type FieldType = T.FieldType
  export type FormOption = T.FormOption
  export type MediaUri = T.MediaUri
  export type Media = T.Media
  export type Validation = T.Validation
  export type FormField = T.FormField
  export type DataForm = T.DataForm
  export type FieldValueInput = T.FieldValueInput
  export type FormFieldInput = T.FormFieldInput
  export type FormInput = T.FormInput
  export type Oob = T.Oob
  export type LegacyFieldsInput = T.LegacyFieldsInput
  export type GetRequest = T.GetRequest
  export type SetRequest = T.SetRequest
  export type UnregisterRequest = T.UnregisterRequest
  export type PasswordRequest = T.PasswordRequest
  export type GetResult = T.GetResult
  export type RegisteredResult = T.RegisteredResult
  export type UnregisterResult = T.UnregisterResult
  export type ApplicationError = T.ApplicationError
  export type StanzaError = T.StanzaError
  export type InvalidField = T.InvalidField
  export type ClientError = T.ClientError
  export type ConnectionError = T.ConnectionError
  export type TimeoutError = T.TimeoutError
  export type RegisterError = T.RegisterError
  export type Callback<R> = T.Callback<R>
  export type RegisterOptions = T.RegisterOptions
  export type RegistrationInfo = T.RegistrationInfo
  export type RegistrationMode = T.RegistrationMode
  export type SignupOptions = import('./signup/config').SignupOptions
  export type SignupServerOptions = import('./signup/config').SignupServerOptions
  export type TlsPolicy = import('./signup/config').TlsPolicy
  export type CaInput = import('./signup/config').CaInput
  export type SignupAttachment = import('./signup/attach').SignupAttachment
  export type SignupHost = import('./signup/socket').SignupHost
  export type SignupSocket = import('./signup/socket').SignupSocket
  export type SignupFeatures = S.SignupFeatures
  export type AccountGetRequest = S.AccountGetRequest
  export type AccountGetResult = S.AccountGetResult
  export type AccountSetRequest = S.AccountSetRequest
  export type InviteSummary = S.InviteSummary
  export type SignupResult = S.SignupResult
  export type SignupCallback<R> = S.SignupCallback<R>
  export type SignupError = S.SignupError
  export type TlsFailureError = S.TlsFailureError
  export type NoRegistrationError = S.NoRegistrationError
  export type LimitError = S.LimitError
  export type InviteType = A.InviteType
  export type InviteRequest = A.InviteRequest
  export type InviteResult = A.InviteResult
  export type InviteStep = A.InviteStep
  export type InviteStage = A.InviteStage
  export type InviteCanceled = A.InviteCanceled
  export type StageAction = A.StageAction
  export type CommandNote = A.CommandNote
  export type PolicyViolationError = S.PolicyViolationError
  export type SignupLimitOptions = import('./signup/limits/options').SignupLimitOptions
  export type RedisClient = import('./signup/limits/store').RedisClient
  export type TrustedProxies = import('./signup/client-address').TrustedProxies
  export type SocketIoLike = import('./signup/client-address').SocketIoLike
}
/* eslint-enable @typescript-eslint/no-namespace */

export = Register
