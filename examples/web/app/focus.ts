// Keyboard and screen-reader focus on the example page: after every view change the new view's
// heading has the focus (so that the next Tab starts there and a screen reader reads where it
// is), after an error the field at fault (marked `aria-invalid`, tied to the message with
// `aria-describedby`) or else the message itself.

/** Focuses the heading of section `id` (made focusable by script only). */
export const focusView = (id: string): void => {
  const heading = document.querySelector<HTMLElement>(`#${id} h2`)
  if (heading === null) return
  heading.tabIndex = -1
  heading.focus()
}

/** Focuses the message box `id` (a live region), so that the error is where the user is. */
export const focusMessage = (id: string): void => {
  const box = document.getElementById(id)
  if (box === null) return
  box.tabIndex = -1
  box.focus()
}

/** Adds `id` to the element's `aria-describedby` list (once). */
export const describedBy = (node: Element, id: string): void => {
  const ids = (node.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((word) => word !== '')
  if (!ids.includes(id)) node.setAttribute('aria-describedby', [...ids, id].join(' '))
}

/**
 * Marks `input` as the field at fault: `aria-invalid`, described by the message `messageId`,
 * focused; the mark goes as soon as the user changes the value.
 */
export const markInvalid = (input: HTMLElement, messageId: string): void => {
  input.setAttribute('aria-invalid', 'true')
  describedBy(input, messageId)
  input.focus()
  input.addEventListener('input', () => input.removeAttribute('aria-invalid'), { once: true })
}
