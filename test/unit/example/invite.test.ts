// The example page's "Invite a friend" parts without a DOM: the page link, the expiry in
// words, the inviter on the friend's sign-up, the contact list from xmpp.roster.get.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { contactLines, contactOnlyText, expiryText, inviterText, pageLink, suggestedUsername } from '../../../examples/web/app/invite'

const URI = 'xmpp:alice@localhost?roster;preauth=0NUT01x0CIT2FnWtfQaCv8hy;ibr=y'

describe('example page: invite a friend', () => {
  it('the page link carries the URI (encoded) and a suggested username, nothing of the current query', () => {
    const CASES: Array<[string, string | undefined, string]> = [
      ['http://127.0.0.1:8080/', undefined, 'http://127.0.0.1:8080/?invite=xmpp%3Aalice%40localhost%3Froster%3Bpreauth%3D0NUT01x0CIT2FnWtfQaCv8hy%3Bibr%3Dy'],
      ['http://127.0.0.1:8080/?invite=old#x', ' bob ', 'http://127.0.0.1:8080/?invite=xmpp%3Aalice%40localhost%3Froster%3Bpreauth%3D0NUT01x0CIT2FnWtfQaCv8hy%3Bibr%3Dy&username=bob'],
      ['https://chat.example/app/', '', 'https://chat.example/app/?invite=xmpp%3Aalice%40localhost%3Froster%3Bpreauth%3D0NUT01x0CIT2FnWtfQaCv8hy%3Bibr%3Dy']
    ]
    for (const [page, username, expected] of CASES) {
      const link = pageLink(page, URI, username)
      equal(link, expected)
      equal(new URL(link).searchParams.get('invite'), URI)
      deepStrictEqual(suggestedUsername(new URL(link).search), username?.trim() || undefined)
    }
  })

  it('expiry in words: a date, no date, not a date', () => {
    const now = new Date('2026-12-06T07:39:29Z')
    deepStrictEqual([
      expiryText('2026-12-13T07:39:29Z', now),
      expiryText('2026-12-07T07:39:29Z', now),
      expiryText(undefined, now),
      expiryText('soon', now)
    ], [
      'Valid until 13 Dec 2026, 07:39 UTC (7 days).',
      'Valid until 7 Dec 2026, 07:39 UTC (1 day).',
      'The server did not say when it expires.',
      'Valid until soon.'
    ])
  })

  it('the friend\'s sign-up names the inviter; a contact-only invite is refused in words', () => {
    equal(inviterText({ domain: 'localhost', contact: 'alice@localhost' }), "alice@localhost invited you to localhost: once you log in, you are each other's contacts.")
    equal(inviterText({ domain: 'localhost', username: 'juliet' }), 'Invite accepted for localhost.')
    equal(contactOnlyText('localhost'), 'localhost does not let you invite new accounts: this invite only adds you as a contact for someone who already has an account there.')
  })

  it('contacts from xmpp.roster.get: sorted, the subscription when it is not both', () => {
    deepStrictEqual(contactLines([
      { jid: { user: 'carol', domain: 'localhost' }, subscription: 'to' },
      { jid: { user: 'bob', domain: 'localhost' }, subscription: 'both' },
      { jid: { domain: 'conference.localhost' } },
      { jid: { user: 'dave', domain: 'localhost' }, subscription: 'both', name: 'Dave' }
    ]), [
      { jid: 'bob@localhost', text: 'bob@localhost' },
      { jid: 'carol@localhost', text: 'carol@localhost (to)' },
      { jid: 'conference.localhost', text: 'conference.localhost (none)' },
      { jid: 'dave@localhost', text: 'Dave' }
    ])
  })
})
