// The example page's DOM helpers: elements by id, messages (with an out-of-band link), errors
// in words, and buttons kept disabled while their request is out.
import type { Oob, RegisterError, StanzaError } from '../../../src/core/types'
import { describe } from './errors'
import { linkOrText } from './link'

/** The element with `id`; throws when the page lacks it. */
export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id)
  if (!node) throw new Error(`#${id} is missing`)
  return node as T
}

/** Shows `text` in the message box `id`, with a link to `oob`'s URL when given. */
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

/** Empties the message boxes `ids`. */
export const clear = (...ids: string[]): void => { for (const id of ids) { $(id).textContent = ''; $(id).className = 'message' } }

/** Shows `error` in words in the message box `id`. */
export const showError = (id: string, error: RegisterError): void => show(id, 'error', describe(error), (error as StanzaError).oob)

/** Runs `work` with `buttons` disabled (no second click while it is out). */
export const busy = async <T>(buttons: HTMLButtonElement[], work: () => Promise<T>): Promise<T> => {
  for (const b of buttons) b.disabled = true
  try {
    return await work()
  } finally {
    for (const b of buttons) b.disabled = false
  }
}
