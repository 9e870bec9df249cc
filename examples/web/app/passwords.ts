// Passwords on the example page live only in the inputs the user types them into, and only
// until they are used: emptied on logout, after a password change, after deleting the account
// and after a sign-up (whose form is removed). New passwords are typed twice.

/** Empties every password input on the page. */
export const forgetPasswords = (): void => {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = ''
}

/** Said when the two new passwords differ. */
export const PASSWORDS_DIFFER = 'The two new passwords differ: type the same one twice'
