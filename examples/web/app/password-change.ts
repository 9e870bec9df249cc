// The example page's Change password: the current password checked (a login of its own, the
// page keeps none), the new one typed twice, every password input emptied after.
import type { RegisteredResult } from '../../../src/core/types'
import type { Connection } from './connection'
import { markInvalid } from './focus'
import { $, clear, show, showError } from './page'
import { forgetPasswords, PASSWORDS_DIFFER } from './passwords'

/** Changes the password of `account.username` on `account.domain` from the password form's three inputs. */
export const changePassword = async (connection: Connection, account: { username: string; domain: string }): Promise<void> => {
  clear('password-message')
  const next = $<HTMLInputElement>('new-password')
  const again = $<HTMLInputElement>('new-password-confirm')
  if (next.value !== again.value) {
    show('password-message', 'error', `${PASSWORDS_DIFFER}.`)
    return markInvalid(again, 'password-message')
  }
  const checked = await connection.check(account.username, $<HTMLInputElement>('current-password').value)
  if (checked.error?.condition === 'login-fail') {
    show('password-message', 'error', 'The current password is not right.')
    return markInvalid($('current-password'), 'password-message')
  }
  if (checked.error) return showError('password-message', checked.error)
  const { error } = await connection.call<RegisteredResult>('xmpp.register.password', { to: account.domain, password: next.value })
  forgetPasswords()
  if (error) return showError('password-message', error)
  show('password-message', 'ok', 'Password changed. Your next login needs the new password.')
  $('relogin').hidden = false
  $('relogin-button').focus()
}
