// The example page: sign up (with the server's own form, or an invite link) and log in, see
// the account, change the password, register a room nick through the room's own form, delete
// the account. All through xmpp-ftw events.
import type { GetResult, RegisteredResult, StanzaError } from '../../../src/core/types'
import { Connection, useTransport } from './connection'
import { renderDataForm } from './data-form'
import { WEB_SERVER_LOST } from './errors'
import { focusMessage, focusView, markInvalid } from './focus'
import { loadContacts, wireInvites } from './invite-card'
import { $, busy, clear, show, showError } from './page'
import { changePassword } from './password-change'
import { forgetPasswords } from './passwords'
import { FIELD_LABELS, inviteFromQuery } from './signup'
import { signupView } from './signup-view'

const state = { domain: 'localhost', muc: 'conference.localhost', username: '' }
const connection = new Connection()
const sections = ['account-section', 'invite-section', 'contacts-section', 'password-section', 'room-section', 'delete-section']

const setOnline = (jid: string | undefined): void => {
  const status = $('status')
  status.className = `status ${jid ? 'online' : 'offline'}`
  status.textContent = jid ? `Online as ${jid.split('/')[0]}` : 'Offline'
  $('login-section').hidden = jid !== undefined
  $('signup-section').hidden = true
  for (const id of sections) $(id).hidden = jid === undefined
  for (const node of document.querySelectorAll('.me')) node.textContent = jid ? jid.split('/')[0]! : ''
}

const renderAccount = (data: GetResult): void => {
  const box = $('account-details')
  box.replaceChildren()
  if (data.instructions) {
    const p = document.createElement('p')
    p.className = 'hint'
    p.textContent = data.instructions.trim()
    box.append(p)
  }
  const dl = document.createElement('dl')
  dl.className = 'fields'
  const row = (name: string, value: string): void => {
    const dt = document.createElement('dt')
    dt.textContent = name
    const dd = document.createElement('dd')
    dd.textContent = value
    dd.dataset.field = name
    dl.append(dt, dd)
  }
  row('Registered', data.registered ? 'yes' : 'no')
  for (const [key, label] of Object.entries(FIELD_LABELS)) {
    const value = data[key as keyof typeof FIELD_LABELS & keyof GetResult]
    if (value === undefined) continue
    row(label, value === true ? (key === 'password' ? '(not shown)' : '(not set)') : String(value))
  }
  box.append(dl)
  if (data.form) renderDataForm(box.appendChild(document.createElement('div')), data.form, 'Update', (form) => update(form))
  if (data.oob) show('account-message', 'info', 'More at the server’s site.', data.oob)
}

const loadAccount = async (): Promise<void> => {
  clear('account-message')
  const { error, data } = await connection.call<GetResult>('xmpp.register.get', { to: state.domain })
  if (error) showError('account-message', error)
  else renderAccount(data)
}

const update = async (form: { formType?: string; fields: unknown[] }): Promise<void> => {
  const { error } = await connection.call<RegisteredResult>('xmpp.register.set', { to: state.domain, form })
  if (error) showError('account-message', error)
  else await loadAccount()
}

const login = async (username: string, password: string, messageId = 'login-message'): Promise<boolean> => {
  clear('login-message')
  show(messageId, 'info', 'Logging in…')
  await configured
  const { error, data } = await connection.login(username, password)
  if (error) {
    showError(messageId, error)
    if (error.condition === 'login-fail' && messageId === 'login-message') markInvalid($('login-password'), messageId)
    else focusMessage(messageId)
    return false
  }
  state.username = username
  clear('login-message', 'password-message', 'room-message', 'delete-message', 'account-message')
  $('relogin').hidden = true
  $('delete-confirm').hidden = true
  $('room-form-container').replaceChildren()
  setOnline(data)
  $('invite-result').hidden = true
  clear('invite-message')
  // The contacts, and again whenever the server changes them (a friend signed up with an invite).
  connection.on('xmpp.roster.push', () => void loadContacts(connection))
  void loadContacts(connection)
  focusView('account-section')
  if (!$<HTMLInputElement>('room-jid').value) $<HTMLInputElement>('room-jid').value = `${username}-room@${state.muc}`
  await loadAccount()
  return true
}



const signupPage = signupView({ connection, configured: () => configured, domain: () => state.domain, login })
const wire = (): void => {
  const username = $<HTMLInputElement>('login-username')
  const password = $<HTMLInputElement>('login-password')
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void busy([$<HTMLButtonElement>('login-button')], () => login(username.value.trim(), password.value))
  })
  signupPage.wire()
  wireInvites(connection, () => state.domain)
  $('account-refresh').addEventListener('click', () => void busy([$<HTMLButtonElement>('account-refresh')], loadAccount))
  $('logout-button').addEventListener('click', () => {
    void busy([$<HTMLButtonElement>('logout-button')], () => connection.logout()).then(() => {
      forgetPasswords()
      setOnline(undefined)
      show('login-message', 'info', 'You are logged out.')
      focusView('login-section')
    })
  })

  $('password-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void busy([$<HTMLButtonElement>('password-button')], () => changePassword(connection, state))
  })
  // The new password is not kept: the user logs in with it, as anyone would.
  $('relogin-button').addEventListener('click', () => {
    void busy([$<HTMLButtonElement>('relogin-button')], async () => {
      await connection.logout()
      forgetPasswords()
      setOnline(undefined)
      $<HTMLInputElement>('login-username').value = state.username
      show('login-message', 'info', 'Your password was changed: log in with the new one.')
      $('login-password').focus()
    })
  })

  const roomJid = $<HTMLInputElement>('room-jid')
  const fetchRoomForm = async (): Promise<void> => {
    const room = roomJid.value.trim()
    const container = $('room-form-container')
    container.replaceChildren()
    clear('room-message')
    const { error, data } = await connection.call<GetResult>('xmpp.register.get', { to: room })
    if (error) {
      showError('room-message', error)
      if ((error as StanzaError).form) renderDataForm(container, (error as StanzaError).form!, 'Submit', (form) => submitRoom(room, form))
      return
    }
    if (data.registered) {
      show('room-message', 'ok', `You are registered in ${room}${data.username ? ` as “${data.username}”` : ''}.`, data.oob)
      return
    }
    if (data.form) renderDataForm(container, data.form, 'Register nick', (form) => submitRoom(room, form))
    else show('room-message', 'info', data.instructions?.trim() || 'The room asks for no information.', data.oob)
  }
  const submitRoom = async (room: string, form: { formType?: string; fields: unknown[] }): Promise<void> => {
    const { error } = await connection.call<RegisteredResult>('xmpp.register.set', { to: room, form })
    if (error) return showError('room-message', error)
    await fetchRoomForm()
  }
  $('room-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void busy([$<HTMLButtonElement>('room-fetch')], fetchRoomForm)
  })
  $('room-join').addEventListener('click', () => {
    void busy([$<HTMLButtonElement>('room-join')], async () => {
      const room = roomJid.value.trim()
      const { error } = await connection.call('example.room.join', { room, nick: state.username })
      if (error) showError('room-message', error)
      else show('room-message', 'ok', `Joined ${room}. Fetch its registration form next.`)
    })
  })

  $('delete-button').addEventListener('click', () => { $('delete-confirm').hidden = false })
  $('delete-no').addEventListener('click', () => { $('delete-confirm').hidden = true })
  $('delete-yes').addEventListener('click', () => {
    void busy([$<HTMLButtonElement>('delete-yes')], async () => {
      const { error } = await connection.call<true>('xmpp.register.unregister', { to: state.domain })
      if (error) return showError('delete-message', error)
      connection.close()
      forgetPasswords()
      setOnline(undefined)
      show('login-message', 'ok', `The account ${state.username}@${state.domain} was deleted.`)
      focusView('login-section')
    })
  })

  connection.onDrop = (error) => {
    forgetPasswords()
    setOnline(undefined)
    showError('login-message', error)
    focusMessage('login-message')
  }
  connection.onLost = () => {
    // The XMPP session (or the sign-up stream) ended with the socket: logged out, sign-up reset.
    const signingUp = !$('signup-section').hidden
    signupPage.reset()
    forgetPasswords()
    setOnline(undefined)
    $('status').textContent = WEB_SERVER_LOST
    $('login-section').hidden = signingUp
    $('signup-section').hidden = !signingUp
    if (signingUp) show('signup-message', 'error', `${WEB_SERVER_LOST}.`)
    else show('login-message', 'error', `${WEB_SERVER_LOST}.`)
  }
  connection.onBack = () => {
    const signingUp = !$('signup-section').hidden
    setOnline(undefined)
    $('login-section').hidden = signingUp
    $('signup-section').hidden = !signingUp
    if (signingUp) show('signup-message', 'info', 'Connected to the web server again: start the sign-up again.')
    else show('login-message', 'info', 'Connected to the web server again: log in again.')
  }
}

/** The page's domain and MUC service (/config.json); the handlers that use them wait for it. */
const configured: Promise<void> = (async () => {
  try {
    const config = await (await fetch('/config.json')).json() as { domain: string; muc: string; transport?: unknown }
    state.domain = config.domain
    state.muc = config.muc
    useTransport(config.transport)
  } catch {
    // keep the defaults
  }
  for (const node of document.querySelectorAll('.domain')) node.textContent = state.domain
  $<HTMLInputElement>('room-jid').placeholder = `room@${state.muc}`
})()

const start = async (): Promise<void> => {
  // Handlers first, before anything is awaited: a form submitted while the config loads goes
  // through the page (never as a navigation); the submit buttons stay disabled until then.
  wire()
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[type="submit"]')) button.disabled = false
  await configured
  const invite = inviteFromQuery(window.location.search)
  if (invite !== undefined) {
    $<HTMLInputElement>('invite-link').value = invite
    void signupPage.open(invite)
  }
  // For the browser test of the generic form renderer.
  ;(window as unknown as { renderDataForm: typeof renderDataForm }).renderDataForm = renderDataForm
  document.body.dataset.ready = 'true'
}

void start()
