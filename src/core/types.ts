/**
 * Exported JSON types of the XEP-0077 In-Band Registration plugin: the payloads a socket
 * sends, the data and errors it gets back, and the data form (XEP-0004) and out-of-band
 * (XEP-0066) shapes inside them. Other xmpp-ftw plugins import these.
 */
import type { RegistrationField } from './fields'

export type { RegistrationField } from './fields'

/**
 * The part of an XML element the parsers read. Any ltx `Element` (ltx 2 from
 * node-xmpp-client, ltx 3 from this package) fits it.
 */
export interface XmlElement {
  name: string
  attrs: Record<string, unknown>
  children: ReadonlyArray<XmlElement | string>
}

/** XEP-0004 §3.3 field types. */
export type FieldType =
  | 'boolean'
  | 'fixed'
  | 'hidden'
  | 'jid-multi'
  | 'jid-single'
  | 'list-multi'
  | 'list-single'
  | 'text-multi'
  | 'text-private'
  | 'text-single'

/** One `<option/>` of a list field. */
export interface FormOption {
  value: string
  label?: string
}

/**
 * One `<uri/>` of a XEP-0221 media element. An image whose bytes came as XEP-0231 Bits of
 * Binary has a `data:<type>;base64,…` `uri`, its `type`, and the `cid:` URI it replaced in `cid`.
 */
export interface MediaUri {
  uri: string
  type?: string
  /** The `cid:` URI the form gave, when `uri` is the `data:` URI of its bytes (XEP-0231). */
  cid?: string
}

/** XEP-0221 media element of a field (e.g. a CAPTCHA image). */
export interface Media {
  uris: MediaUri[]
  height?: number
  width?: number
}

/** XEP-0122 validation rules of a field. */
export interface Validation {
  /** Datatype such as `xs:string` or `xs:integer` (XEP-0122 default: `xs:string`). */
  datatype?: string
  /** The validation method; absent when the element names none (XEP-0122 then implies basic). */
  method?: 'basic' | 'open' | 'range' | 'regex'
  /** With method `range`. */
  min?: string
  /** With method `range`. */
  max?: string
  /** With method `regex`. */
  regex?: string
  /** Allowed number of selected values of a multi-valued field. */
  listRange?: { min?: number; max?: number }
}

/**
 * A data form field as xmpp-ftw sends it to a socket. `value` is a boolean for `boolean`
 * fields, an array for `*-multi` fields, and a string otherwise (`fixed` text included).
 */
export interface FormField {
  var?: string
  type?: string
  label?: string
  required?: true
  value?: string | boolean | string[]
  description?: string
  options?: FormOption[]
  media?: Media[]
  validate?: Validation
}

/**
 * A data form in the xmpp-ftw JSON format. The hidden FORM_TYPE field is not listed in
 * `fields`; its value is `formType`, and sending the form back (filled in) with `set`,
 * `unregister` or `password` submits that same FORM_TYPE.
 */
export interface DataForm {
  formType?: string
  title?: string
  instructions?: string
  fields: FormField[]
  /** Of a result form (XEP-0004 §3.4): the fields each item has, the "table header". */
  reported?: FormField[]
  /** Of a result form (XEP-0004 §3.4): one list of fields per `<item/>`, the "table rows". */
  items?: FormField[][]
}

/** A value a socket may give a form field when submitting. */
export type FieldValueInput = string | number | boolean | null | ReadonlyArray<string | number | boolean>

/** A field a socket submits: `var` and `value` are what counts. */
export interface FormFieldInput {
  var?: string
  value?: FieldValueInput
  type?: string
  label?: string
  [other: string]: unknown
}

/**
 * A form a socket submits: the xmpp-ftw array of fields, or a {@link DataForm}-like
 * object (such as the one `get` returned, filled in). A field `FORM_TYPE` in the list,
 * else `formType`, else the operation's own namespace, becomes the hidden FORM_TYPE.
 * Fields may be {@link FormField}s as `get` returned them (an interface, which has no
 * index signature to match {@link FormFieldInput}'s).
 */
export type FormInput =
  | ReadonlyArray<FormFieldInput | FormField>
  | { formType?: string; fields: ReadonlyArray<FormFieldInput | FormField> }

/** XEP-0066 out-of-band data: `stream` only from `jabber:iq:oob`. */
export interface Oob {
  url?: string
  description?: string
  stream?: string
}

/** The 17 legacy XEP-0077 fields as request values. */
export type LegacyFieldsInput = Partial<Record<RegistrationField, string | number>>

/** Payload of `xmpp.register.get`. */
export interface GetRequest {
  to: string
}

/** Payload of `xmpp.register.set`: legacy fields, or a form (the form wins when both are given). */
export interface SetRequest extends LegacyFieldsInput {
  to: string
  form?: FormInput
}

/** Payload of `xmpp.register.unregister`: `<remove/>`, or the cancellation form when `form` is given. */
export interface UnregisterRequest {
  to: string
  form?: FormInput
}

/** Payload of `xmpp.register.password`: `username` defaults to the session's local part. */
export interface PasswordRequest {
  to: string
  username?: string
  password?: string
  form?: FormInput
}

/**
 * What a `jabber:iq:register` get reply says (XEP-0077 §3.1): each legacy field the service
 * listed, `true` when empty (it is asked for) or its current value (when already registered).
 */
export type RegistrationInfo = Partial<Record<RegistrationField, string | true>> & {
  instructions?: string
  registered?: true
  form?: DataForm
  oob?: Oob
}

/**
 * How a page should answer a get result, by XEP-0077 §7 (Precedence Order) and §6
 * (Redirection): `form` (a data form wins), `legacy` (the legacy fields), or `redirect`
 * (only instructions and an out-of-band URL).
 */
export type RegistrationMode = 'form' | 'legacy' | 'redirect'

/** Data of a successful `xmpp.register.get`: what the reply says, and the {@link RegistrationMode}. */
export type GetResult = RegistrationInfo & { mode: RegistrationMode }

/** Data of a successful `xmpp.register.set` or `xmpp.register.password`. */
export interface RegisteredResult {
  registered: true
  oob?: Oob
}

/** Data of a successful `xmpp.register.unregister`. */
export type UnregisterResult = true

/** An application-specific error condition (RFC 6120 §8.3.4). */
export interface ApplicationError {
  condition: string
  xmlns?: string
  description?: string
}

/**
 * An error the XMPP entity replied with, in xmpp-ftw's `_parseError` shape plus `redirect`,
 * `form` and `oob`.
 */
export interface StanzaError {
  type: string
  condition: string
  description?: string
  application?: ApplicationError
  by?: string
  /**
   * The new address a `gone` or `redirect` condition gives (RFC 6120 §8.3.3.5, §8.3.3.14),
   * such as `xmpp:register@other.example`: where to send the request instead.
   */
  redirect?: string
  form?: DataForm
  oob?: Oob
}

/** A field of a submitted form that breaks the form's rules, and why (its value is never quoted). */
export interface InvalidField {
  var: string
  /** Such as `Required`, `Not a valid xs:integer`, `Less than the minimum 18`, `Not one of the options`. */
  reason: string
}

/** A request this plugin refused to send. */
export interface ClientError {
  type: 'modify'
  condition: 'client-error'
  description: string
  request: unknown
  /**
   * With a submitted form that breaks its own rules (XEP-0004 `required`, list options,
   * XEP-0122 validation): every offending field, in form order.
   */
  fields?: InvalidField[]
}

/** The XMPP stream is not there (before login, after logout) or went away before the reply. */
export interface ConnectionError {
  type: 'connection'
  condition: 'not-connected' | 'disconnected'
  description: string
}

/** No reply came within the plugin's timeout. */
export interface TimeoutError {
  type: 'wait'
  condition: 'timeout'
  description: string
}

/** Any error passed to a callback of this plugin. */
export type RegisterError = StanzaError | ClientError | ConnectionError | TimeoutError

/** An xmpp-ftw callback: `(error)` on failure, `(null, data)` on success. */
export type Callback<T> = (error: RegisterError | null, data?: T) => void

/** Options of `new Register(options)`. */
export interface RegisterOptions {
  /** Milliseconds to wait for a reply before the callback gets a timeout error (default 10000). */
  timeout?: number
  /**
   * The most UTF-8 bytes a request stanza may take, serialised and XML-escaped (default
   * 65536). Servers close a stream whose stanza passes their limit; a request over this one
   * is refused as a client error and nothing is sent.
   */
  maxStanzaBytes?: number
  /**
   * The most decoded bytes of one XEP-0231 Bits of Binary image (a CAPTCHA) put on a form's
   * media as a `data:` URI (default 65536); bigger data leaves the `cid:` URI as it is. 0 turns
   * Bits of Binary off: no `data:` URIs, no fetches.
   */
  maxBobBytes?: number
}
