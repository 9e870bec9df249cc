// Test-only: proves an account exists by logging in with SASL PLAIN (RFC 4616) over the same
// TLS stream the sign-up opens (STARTTLS, certificate verified with the test CA).
import { Element } from 'ltx'

import type { SignupConfig } from '../../src/signup/config'
import { serverFor } from '../../src/signup/config'
import { nextElement, openStream } from '../../src/signup/connect'
import { loadXmppLibrary } from '../../src/signup/library'

const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl'

/** `success`, `failure:<condition>`, or the stream error condition. */
export const saslLogin = async (config: SignupConfig, domain: string, username: string, password: string): Promise<string> => {
  const target = serverFor(config, domain)!
  const opened = await openStream(await loadXmppLibrary(), target.domain, target.server, config)
  if ('error' in opened) return opened.error.condition
  const { connection, secure, shutdown } = opened.data
  try {
    if (!secure) return 'not-secure'
    const auth = new Element('auth', { xmlns: NS_SASL, mechanism: 'PLAIN' }).t(Buffer.from(`\0${username}\0${password}`).toString('base64'))
    const [, answer] = await Promise.all([connection.send(auth), nextElement(connection)])
    if (answer.name === 'success') return 'success'
    const condition = answer.children.find((c) => typeof c !== 'string')
    return `${answer.name}:${typeof condition === 'object' ? condition.name : ''}`
  } finally {
    await shutdown(true)
  }
}
