// "Invite a friend" and "My contacts" on the example page, once logged in: the invite from
// xmpp.register.invite as the page's own link, the xmpp: URI for XMPP apps, its expiry, a copy
// button and a QR code of the link (the `qrcode` package, drawn as an image); the contacts from
// xmpp-ftw's xmpp.roster.get, updated by its xmpp.roster.push.
import QRCode from 'qrcode'

import type { InviteStep } from '../../../src/adhoc/types'
import type { RegisterError } from '../../../src/core/types'
import type { Connection } from './connection'
import { contactLines, contactOnlyText, expiryText, pageLink, type RosterItem } from './invite'
import { describe } from './errors'
import { $, busy, clear, show } from './page'

const INVITE_ERRORS: Record<string, string> = {
  'feature-not-implemented': 'This server cannot make invites',
  forbidden: 'You are not allowed to make invites on this server'
}

/** An invite error in words: "this server cannot make invites" for a server without the command. */
const inviteError = (error: RegisterError): string => {
  const base = INVITE_ERRORS[error.condition]
  return base === undefined ? describe(error) : `${base}${error.description ? ` (${error.description})` : ''}.`
}

const showInvite = async (uri: string, link: string, expires: string | undefined): Promise<void> => {
  $<HTMLAnchorElement>('invite-page-link').href = link
  $('invite-page-link').textContent = link
  $('invite-uri').textContent = uri
  $('invite-expiry').textContent = expiryText(expires, new Date())
  $<HTMLImageElement>('invite-qr').src = await QRCode.toDataURL(link, { margin: 1, width: 200 })
  $('invite-result').hidden = false
}

const createInvite = async (connection: Connection, domain: string): Promise<void> => {
  clear('invite-message')
  $('invite-result').hidden = true
  const { error, data } = await connection.call<InviteStep>('xmpp.register.invite', {})
  if (error) return show('invite-message', 'error', inviteError(error))
  if (data.status !== 'completed') {
    // The contact invite completes at once on the servers we know; a staged command is not for this card.
    if (data.status === 'executing') void connection.call('xmpp.register.invite', { sessionid: data.sessionid, cancel: true })
    return show('invite-message', 'error', 'The server asked for more than this page knows how to give.')
  }
  if (!data.registration) show('invite-message', 'error', contactOnlyText(domain))
  else show('invite-message', 'ok', 'Send your friend this link. It works once.')
  const username = $<HTMLInputElement>('invite-username').value
  await showInvite(data.uri, pageLink(window.location.href, data.uri, username), data.expires)
}

/** Shows the contacts (xmpp.roster.get). */
export const loadContacts = async (connection: Connection): Promise<void> => {
  const list = $('contacts-list')
  const { error, data } = await connection.call<RosterItem[]>('xmpp.roster.get', {})
  if (error) return show('contacts-message', 'error', describe(error))
  clear('contacts-message')
  list.replaceChildren(...contactLines(data).map(({ jid, text }) => {
    const li = document.createElement('li')
    li.dataset.jid = jid
    li.textContent = text
    return li
  }))
  if (data.length === 0) show('contacts-message', 'info', 'No contacts yet: invite a friend.')
}

/** Wires the two cards; `domain` is the user's server. */
export const wireInvites = (connection: Connection, domain: () => string): void => {
  $('invite-create').addEventListener('click', () => {
    void busy([$<HTMLButtonElement>('invite-create')], () => createInvite(connection, domain()))
  })
  $('invite-copy').addEventListener('click', () => {
    const link = $<HTMLAnchorElement>('invite-page-link').href
    void navigator.clipboard.writeText(link).then(
      () => show('invite-message', 'ok', 'Link copied.'),
      () => show('invite-message', 'info', 'Copy the link by hand: the browser did not allow it.')
    )
  })
  $('contacts-refresh').addEventListener('click', () => void loadContacts(connection))
}
