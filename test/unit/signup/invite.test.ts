// XEP-0401 invite URIs → { domain, token, username? } or the client error, table-driven over
// the XEP's own URIs (Examples 4 and 8 and the §4 <code> formats, verbatim).
import { deepStrictEqual } from 'node:assert/strict'

import { INVITE_MESSAGES, MAX_INVITE_CHARS, MAX_TOKEN_CHARS, parseInvite, type InviteChecked } from '../../../src/signup/invite'
import { example } from '../../support/fixtures'

/** The `uri` field of a XEP-0401 invitation result. */
const uriOf = (n: number): string => {
  const uri = example('0401', n).getChild('command')!.getChild('x')!.getChildren('field').find((f) => f.attrs.var === 'uri')!
  return uri.getChildText('value')!
}

const ok = (invite: Extract<InviteChecked, { ok: true }>['invite']): InviteChecked => ({ ok: true, invite })
const refused = (message: string): InviteChecked => ({ ok: false, message })

const CASES: Array<{ name: string; uri: () => unknown; expected: InviteChecked }> = [
  {
    name: 'XEP-0401 Ex 4: user invitation (roster, ibr=y)',
    uri: () => uriOf(4),
    expected: ok({ domain: 'example.com', token: 'TOKEN', inviter: 'inviter@example.com' })
  },
  {
    name: 'XEP-0401 Ex 8: account creation with a username',
    uri: () => uriOf(8),
    expected: ok({ domain: 'example.com', token: 'TOKEN', username: 'juliet' })
  },
  {
    name: 'XEP-0401 §4.4 <code>: account creation without a username',
    uri: () => 'xmpp:example.com?register;preauth=TOKEN',
    expected: ok({ domain: 'example.com', token: 'TOKEN' })
  },
  {
    name: 'XEP-0401 §4.1 <code>: user invitation format',
    uri: () => 'xmpp:inviter@example.com?roster;preauth=TOKEN;ibr=y',
    expected: ok({ domain: 'example.com', token: 'TOKEN', inviter: 'inviter@example.com' })
  },
  {
    name: 'issue 10: the three forms with example.org',
    uri: () => 'xmpp:romeo@example.org?roster;preauth=TOKEN;ibr=y',
    expected: ok({ domain: 'example.org', token: 'TOKEN', inviter: 'romeo@example.org' })
  },
  {
    name: 'Prosody 0.12 mod_invites output',
    uri: () => 'xmpp:localhost?register;preauth=tFzu9EysmDqsgWonbiPwnJUd',
    expected: ok({ domain: 'localhost', token: 'tFzu9EysmDqsgWonbiPwnJUd' })
  },
  {
    name: 'percent-encoded parts, upper-case scheme and domain, white space around, other keys kept out',
    uri: () => '  XMPP:j%C3%BCliet@Example.COM?register;name=x;preauth=a%2Db  ',
    expected: ok({ domain: 'example.com', token: 'a-b', username: 'jüliet' })
  },
  { name: 'not a string', uri: () => 42, expected: refused(INVITE_MESSAGES.notString) },
  { name: 'too long', uri: () => `xmpp:example.com?register;preauth=${'a'.repeat(MAX_INVITE_CHARS)}`, expected: refused(INVITE_MESSAGES.tooLong) },
  { name: 'XEP-0401 Ex 4 landing-url (https:)', uri: () => 'https://example.com/invite/#TOKEN', expected: refused(INVITE_MESSAGES.notXmppUri) },
  { name: 'no query', uri: () => 'xmpp:example.com', expected: refused(INVITE_MESSAGES.notInvite) },
  { name: 'other action', uri: () => 'xmpp:example.com?message;preauth=TOKEN', expected: refused(INVITE_MESSAGES.notInvite) },
  { name: 'authority form', uri: () => 'xmpp://guest@example.com/example.com?register;preauth=TOKEN', expected: refused(INVITE_MESSAGES.notInvite) },
  { name: 'fragment', uri: () => 'xmpp:example.com?register;preauth=TOKEN#x', expected: refused(INVITE_MESSAGES.notInvite) },
  { name: 'preauth twice', uri: () => 'xmpp:example.com?register;preauth=A;preauth=B', expected: refused(INVITE_MESSAGES.notInvite) },
  { name: 'bad percent-encoding in a key', uri: () => 'xmpp:example.com?register;pre%ZZ=A', expected: refused(INVITE_MESSAGES.notInvite) },
  { name: 'no token', uri: () => 'xmpp:example.com?register', expected: refused(INVITE_MESSAGES.badToken) },
  { name: 'empty token', uri: () => 'xmpp:example.com?register;preauth=', expected: refused(INVITE_MESSAGES.badToken) },
  { name: 'token with a quote', uri: () => "xmpp:example.com?register;preauth=a'b", expected: refused(INVITE_MESSAGES.badToken) },
  { name: 'token with white space', uri: () => 'xmpp:example.com?register;preauth=a%20b', expected: refused(INVITE_MESSAGES.badToken) },
  { name: 'token too long', uri: () => `xmpp:example.com?register;preauth=${'a'.repeat(MAX_TOKEN_CHARS + 1)}`, expected: refused(INVITE_MESSAGES.badToken) },
  { name: 'roster invite without ibr=y', uri: () => 'xmpp:inviter@example.com?roster;preauth=TOKEN', expected: refused(INVITE_MESSAGES.noIbr) },
  { name: 'roster invite with ibr=n', uri: () => 'xmpp:inviter@example.com?roster;preauth=TOKEN;ibr=n', expected: refused(INVITE_MESSAGES.noIbr) },
  { name: 'empty address', uri: () => 'xmpp:?register;preauth=TOKEN', expected: refused(INVITE_MESSAGES.badAddress) },
  { name: 'full JID', uri: () => 'xmpp:juliet@example.com/phone?register;preauth=TOKEN', expected: refused(INVITE_MESSAGES.badAddress) },
  { name: 'bad percent-encoding in the address', uri: () => 'xmpp:%E0%A4%A@example.com?register;preauth=TOKEN', expected: refused(INVITE_MESSAGES.badAddress) },
  { name: 'address with white space', uri: () => 'xmpp:exa%20mple.com?register;preauth=TOKEN', expected: refused(INVITE_MESSAGES.badAddress) }
]

describe('XEP-0401 invite URIs', () => {
  for (const { name, uri, expected } of CASES) {
    it(name, () => deepStrictEqual(parseInvite(uri()), expected))
  }
})
