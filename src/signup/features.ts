/**
 * Stream features a server advertises before login: XEP-0077 §4 in-band registration and
 * XEP-0445 §3 token registration (`urn:xmpp:ibr-token:0`, or XEP-0401's older `urn:xmpp:invite`).
 * Pure; the features element is untrusted.
 */
import { NS_FEATURE_REGISTER, NS_IBR_TOKEN, NS_INVITE } from '../core/namespaces'
import type { XmlElement } from '../core/types'
import { child } from '../transport/xml'
import type { SignupFeatures } from './types'

/** What a `<stream:features/>` element advertises. */
export const readFeatures = (features: XmlElement): SignupFeatures => ({
  register: child(features, 'register', NS_FEATURE_REGISTER) !== undefined,
  preauth: child(features, 'register', NS_IBR_TOKEN) !== undefined || child(features, 'register', NS_INVITE) !== undefined
})
