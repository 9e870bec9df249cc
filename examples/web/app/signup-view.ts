// The example page's sign-up before login: account.get on a socket that is not logged in (an
// invite link or the configured domain), the server's own form (with a CAPTCHA's "New image"),
// account.set, then xmpp.login with the new account. One request at a time per socket.
import type { DataForm, RegisterError, StanzaError } from '../../../src/core/types'
import type { Connection, Outcome } from './connection'
import { renderDataForm } from './data-form'
import { focusMessage, focusView, markInvalid } from './focus'
import { inviterText, suggestedUsername } from './invite'
import { linkOrText } from './link'
import { $, busy, clear, show } from './page'
import { forgetPasswords } from './passwords'
import {
  accountSetRequest, describeSignupError, FIELD_LABELS, hasImage, keepTyped, loginAfterSignup, signupForm,
  type AccountCreated, type AccountInfo, type FilledForm
} from './signup'

/** What the sign-up needs of the page. */
export interface SignupDeps {
  connection: Connection
  /** Resolves once /config.json is read. */
  configured: () => Promise<void>
  /** The domain signed up for. */
  domain: () => string
  /** Logs in (the page's own login), showing its errors in `messageId`. */
  login: (username: string, password: string, messageId: string) => Promise<boolean>
}

/** The sign-up view: `open` it (with an invite), `wire` its buttons once, `reset` it when the socket is lost. */
export interface SignupView {
  open(invite?: string): Promise<void>
  wire(): void
  reset(): void
}

/** The sign-up view of the page (see the file header). */
export const signupView = (deps: SignupDeps): SignupView => {
  const { connection } = deps
  // Sign-up before login: account.get on a socket that is not logged in, the server's form,
  // account.set, then xmpp.login with the new account. `attempt` drops answers to a sign-up the
  // user has left or restarted.
  const signup = { attempt: 0, invited: false }

  // The web server takes one sign-up request per socket at a time (another meanwhile is refused):
  // each waits for the one before, e.g. an invite pasted while the first form is still loading.
  let signupQueue: Promise<unknown> = Promise.resolve()
  const signupCall = <T>(event: string, data: unknown): Promise<Outcome<T>> => {
    const result = signupQueue.then(() => connection.call<T>(event, data))
    signupQueue = result
    return result
  }

  const signupError = (error: RegisterError, newImage = false): void => {
    const box = $('signup-message')
    box.className = 'message error'
    box.textContent = describeSignupError(error, { invited: signup.invited, newImage })
    const { oob } = error as StanzaError
    if (oob?.url) {
      const p = document.createElement('p')
      p.className = 'oob'
      p.append('Continue at: ', linkOrText(oob.url, oob.description))
      box.append(p)
    }
  }

  const openSignup = async (invite?: string): Promise<void> => {
    const attempt = ++signup.attempt
    signup.invited = invite !== undefined
    $('login-section').hidden = true
    $('signup-section').hidden = false
    $('signup-form-container').replaceChildren()
    $('signup-instructions').replaceChildren()
    clear('signup-info', 'signup-message', 'login-message')
    show('signup-message', 'info', invite === undefined ? 'Asking the server what it needs…' : 'Checking the invite…')
    focusView('signup-section')
    await deps.configured()
    const opened = await connection.open()
    if (attempt !== signup.attempt) return
    if (opened.error) return signupError(opened.error)
    const { error, data } = await signupCall<AccountInfo>('xmpp.register.account.get', invite === undefined ? { domain: deps.domain() } : { invite })
    if (attempt !== signup.attempt) return
    if (error) return signupError(error)
    renderSignup(data, attempt)
  }

  const renderSignup = (info: AccountInfo, attempt: number): void => {
    clear('signup-message')
    if (info.invite) {
      // A contact invite names no username: the inviter may have suggested one in the page link.
      const username = info.invite.username ?? suggestedUsername(window.location.search)
      if (username !== undefined) info = { ...info, invite: { ...info.invite, username } }
      const suggested = username === undefined ? '' : ` It suggests the username “${username}”.`
      show('signup-info', 'ok', `${inviterText(info.invite!)}${suggested}`, info.oob)
    } else if (info.features.preauth) {
      show('signup-info', 'info', 'This server accepts invites: if you have an invite link, paste it above.', info.oob)
    } else if (info.oob?.url) {
      show('signup-info', 'info', 'The server also offers sign-up on its site.', info.oob)
    }
    const form = signupForm(info)
    const instructions = info.instructions?.trim()
    if (instructions && (form === undefined || form.instructions?.trim() !== instructions)) {
      const p = document.createElement('p')
      p.className = 'hint'
      p.textContent = instructions
      $('signup-instructions').append(p)
    }
    if (form === undefined) {
      show('signup-message', 'info', 'This server creates accounts on its own site.', info.oob)
      return
    }
    showSignupForm(info, form, attempt)
  }

  /**
   * The sign-up form; one with an image to read (a CAPTCHA) gets a "New image" button: a new
   * account.get on the same domain (the same sign-up stream), whose form replaces this one with
   * what the user typed kept.
   */
  const showSignupForm = (info: AccountInfo, form: DataForm, attempt: number): void => {
    const newImage = {
      label: 'New image',
      onClick: () => void busy([...$('signup-form-container').querySelectorAll('button')], async () => {
        const typed = read()
        clear('signup-message')
        const { error, data } = await signupCall<AccountInfo>('xmpp.register.account.get', { domain: info.domain })
        if (attempt !== signup.attempt) return
        if (error) return signupError(error)
        const fresh = signupForm(data)
        if (fresh !== undefined) showSignupForm(data, keepTyped(fresh, typed), attempt)
      })
    }
    const read = renderDataForm($('signup-form-container'), form, 'Create account', (filled) => submitSignup(info, filled, attempt), hasImage(form) ? [newImage] : [])
  }

  /** After a refused sign-up: the username field when the name is taken, else the message. */
  const focusFault = (condition: string): void => {
    const label = [...$('signup-form-container').querySelectorAll('label')].find((node) => node.textContent === FIELD_LABELS.username)
    const input = condition === 'conflict' && label ? document.getElementById(label.htmlFor) : null
    if (input) markInvalid(input, 'signup-message')
    else focusMessage('signup-message')
  }

  const submitSignup = async (info: AccountInfo, filled: FilledForm, attempt: number): Promise<void> => {
    const button = $('signup-form-container').querySelector<HTMLButtonElement>('button[type="submit"]')
    await busy(button ? [button] : [], async () => {
      show('signup-message', 'info', 'Creating the account…')
      const { error, data } = await signupCall<AccountCreated>('xmpp.register.account.set', accountSetRequest(info, filled))
      if (attempt !== signup.attempt) return
      if (error) {
        // A refusal may carry the form to fill in again (e.g. a new CAPTCHA): the same stream goes on.
        const again = (error as StanzaError).form
        if (again) showSignupForm({ ...info, mode: 'form', form: again }, keepTyped(again, filled), attempt)
        signupError(error, again !== undefined && hasImage(again))
        return focusFault(error.condition)
      }
      signup.attempt++
      const account = loginAfterSignup(data, filled)
      // The form (with the password typed, twice) goes: the login below is the last use of it.
      $('signup-form-container').replaceChildren()
      forgetPasswords()
      const created = data.jid === undefined ? 'The account was created.' : `The account ${data.jid} was created.`
      if (account === undefined) {
        $('signup-section').hidden = true
        $('login-section').hidden = false
        show('login-message', 'ok', `${created} Log in with it.`)
        return
      }
      show('signup-message', 'ok', `${created} Logging in…`)
      if (await deps.login(account.username, account.password, 'signup-message')) show('account-message', 'ok', `${created} Welcome!`)
    })
  }

  const leaveSignup = (): void => {
    signup.attempt++
    // Closes the sign-up stream on the web server now, rather than at its idle timeout.
    void signupCall<true>('xmpp.register.account.cancel', {})
    $('signup-section').hidden = true
    $('login-section').hidden = false
    $('signup-form-container').replaceChildren()
    clear('signup-info', 'signup-message')
    focusView('login-section')
  }

  const inviteLink = (): string | undefined => $<HTMLInputElement>('invite-link').value.trim() || undefined

  const wireSignup = (): void => {
    $('signup-open').addEventListener('click', () => void openSignup(inviteLink()))
    $('invite-form').addEventListener('submit', (event) => {
      event.preventDefault()
      void busy([$<HTMLButtonElement>('invite-button')], () => openSignup(inviteLink()))
    })
    $('signup-restart').addEventListener('click', () => void openSignup(inviteLink()))
    $('signup-back').addEventListener('click', leaveSignup)
  }

  return {
    open: openSignup,
    wire: wireSignup,
    reset: () => {
      signup.attempt++
      signupQueue = Promise.resolve()
    }
  }
}
