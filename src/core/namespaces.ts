/**
 * XML namespaces used by the XEP-0077 In-Band Registration plugin, each with the
 * specification section that defines it.
 */

/** XEP-0077 §3 (Use Cases): the In-Band Registration query. */
export const NS_REGISTER = 'jabber:iq:register'

/** XEP-0077 §3.2 and §8 (Extensibility): FORM_TYPE of the cancellation form. */
export const NS_CANCEL = 'jabber:iq:register:cancel'

/** XEP-0077 §3.3 and §8 (Extensibility): FORM_TYPE of the password change form. */
export const NS_CHANGE_PASSWORD = 'jabber:iq:register:changepassword'

/** XEP-0004 §3 (Data Forms): the data form element. */
export const NS_DATA = 'jabber:x:data'

/** XEP-0066 §3 (Out of Band Data): the `<x/>` that carries a URL in any stanza. */
export const NS_OOB_X = 'jabber:x:oob'

/** XEP-0066 §4 (Out of Band Data): the IQ form of out-of-band data, with a stream id. */
export const NS_OOB_IQ = 'jabber:iq:oob'

/** XEP-0221 §4 (Data Forms Media Element): media inside a data form field. */
export const NS_MEDIA = 'urn:xmpp:media-element'

/** XEP-0231 §3 (Bits of Binary): data referenced by a `cid:` URI, carried or fetched. */
export const NS_BOB = 'urn:xmpp:bob'

/** XEP-0122 §3 (Data Forms Validation): validation rules inside a data form field. */
export const NS_VALIDATE = 'http://jabber.org/protocol/xdata-validate'

/** RFC 6120 §8.3.3: defined stanza error conditions. */
export const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas'

/** XEP-0445 §4 (Pre-Authenticated In-Band Registration): the `<preauth/>` that carries a token. */
export const NS_PARS = 'urn:xmpp:pars:0'

/** XEP-0445 §3: stream feature of a server that accepts registration tokens. */
export const NS_IBR_TOKEN = 'urn:xmpp:ibr-token:0'

/** XEP-0401 (before XEP-0445 was factored out): the older stream feature for tokens (Prosody sends both). */
export const NS_INVITE = 'urn:xmpp:invite'

/** XEP-0077 §4: stream feature of a server that offers in-band registration before login. */
export const NS_FEATURE_REGISTER = 'http://jabber.org/features/iq-register'

/** RFC 6120 §4.3: the stream namespace (`<stream:features/>`, `<stream:error/>`). */
export const NS_STREAMS = 'http://etherx.jabber.org/streams'

/** RFC 6120 §5: STARTTLS negotiation. */
export const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls'
