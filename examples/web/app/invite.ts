// "Invite a friend" on the example page, the parts without a DOM: the page's own link for an
// invite (XEP-0401, from xmpp.register.invite), when it expires in words, what the friend's
// sign-up says about who invited them, and the contact list from xmpp-ftw's xmpp.roster.get.
import type { InviteSummary } from '../../../src/signup/types'

/** The page link a friend opens: this page with `?invite=<uri>` (and a suggested `username`). */
export const pageLink = (page: string, uri: string, username?: string): string => {
  const url = new URL(page)
  url.search = ''
  url.hash = ''
  url.searchParams.set('invite', uri)
  if (username !== undefined && username.trim() !== '') url.searchParams.set('username', username.trim())
  return url.toString()
}

/** The username the inviter suggested in the page URL (`?username=`), if any. */
export const suggestedUsername = (search: string): string | undefined => {
  const name = new URLSearchParams(search).get('username')?.trim()
  return name === undefined || name === '' ? undefined : name
}

/** "Valid until 13 Dec 2026, 07:39 UTC (7 days)"; the server's text when it is no date. */
export const expiryText = (expires: string | undefined, now: Date): string => {
  if (expires === undefined) return 'The server did not say when it expires.'
  const at = new Date(expires)
  if (Number.isNaN(at.getTime())) return `Valid until ${expires}.`
  const days = Math.round((at.getTime() - now.getTime()) / 86400000)
  const when = at.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
  return `Valid until ${when} UTC (${days === 1 ? '1 day' : `${days} days`}).`
}

/** Why an invite cannot create an account, in words (a contact invite without `ibr=y`). */
export const contactOnlyText = (domain: string): string =>
  `${domain} does not let you invite new accounts: this invite only adds you as a contact for someone who already has an account there.`

/** What the friend's sign-up says about the invite: who invited them, and what follows. */
export const inviterText = (invite: InviteSummary): string =>
  invite.contact === undefined
    ? `Invite accepted for ${invite.domain}.`
    : `${invite.contact} invited you to ${invite.domain}: once you log in, you are each other's contacts.`

/** One roster item as xmpp-ftw's xmpp.roster.get gives it. */
export interface RosterItem {
  jid: { user?: string; domain: string }
  subscription?: string
  name?: string
}

/** The contacts to show: bare JID and how each sees the other, sorted by JID. */
export const contactLines = (items: readonly RosterItem[]): Array<{ jid: string; text: string }> =>
  items
    .map((item) => {
      const jid = item.jid.user === undefined ? item.jid.domain : `${item.jid.user}@${item.jid.domain}`
      const both = item.subscription === 'both'
      return { jid, text: `${item.name ?? jid}${both ? '' : ` (${item.subscription ?? 'none'})`}` }
    })
    .sort((a, b) => a.jid.localeCompare(b.jid))
