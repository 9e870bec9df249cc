// The example page's small DOM helpers: elements by id, messages in words (errors named by
// their condition, with the server's own text), buttons disabled while their work runs.
import type { Oob, RegisterError, StanzaError } from '../../../src/core/types'
import { linkOrText } from './link'

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id)
  if (!node) throw new Error(`#${id} is missing`)
  return node as T
}

const CONDITIONS: Record<string, string> = {
  'bad-request': 'The server did not accept the request',
  conflict: 'That name is already taken',
  'client-error': 'The request is not valid',
  disconnected: 'The connection to the server was lost',
  forbidden: 'You are not allowed to do that',
  'item-not-found': 'There is no such room or service',
  'login-fail': 'Wrong username or password',
  'not-acceptable': 'Some information is missing or not acceptable',
  'not-allowed': 'This is not allowed here',
  'not-authorized': 'You are not authorised to do that',
  'not-connected': 'You are not connected',
  'registration-fail': 'The account could not be created (the name may be taken)',
  'registration-required': 'You need to be a member (or owner) of this room first',
  'service-unavailable': 'That address does not offer registration',
  timeout: 'The server did not answer in time'
}

const humanize = (condition: string): string => {
  const words = condition.replace(/-/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** An error in words: what went wrong, and the server's own text when it gave one. */
export const describe = (error: RegisterError): string => {
  const base = CONDITIONS[error.condition] ?? humanize(error.condition)
  const detail = error.description && error.description !== base ? ` (${error.description})` : ''
  return `${base}${detail}.`
}

export const show = (id: string, kind: 'ok' | 'error' | 'info', text: string, oob?: Oob): void => {
  const box = $(id)
  box.className = `message ${kind}`
  box.textContent = text
  if (oob?.url) {
    const p = document.createElement('p')
    p.className = 'oob'
    p.append('Continue at: ', linkOrText(oob.url, oob.description))
    box.append(p)
  }
}
export const clear = (...ids: string[]): void => { for (const id of ids) { $(id).textContent = ''; $(id).className = 'message' } }
export const showError = (id: string, error: RegisterError): void => show(id, 'error', describe(error), (error as StanzaError).oob)

export const busy = async <T>(buttons: HTMLButtonElement[], work: () => Promise<T>): Promise<T> => {
  for (const b of buttons) b.disabled = true
  try {
    return await work()
  } finally {
    for (const b of buttons) b.disabled = false
  }
}

