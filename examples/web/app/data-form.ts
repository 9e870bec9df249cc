// One generic renderer for XEP-0004 data forms in the xmpp-ftw JSON: every field type,
// XEP-0221 media (CAPTCHA images as data: URIs, XEP-0158's fallback link), XEP-0122 rules as
// input attributes, and reading the filled-in values back for submission.
import type { DataForm, FormField, FormFieldInput } from '../../../src/core/types'
import { autocompleteOf, isNewPassword } from './autocomplete'
import { describedBy, markInvalid } from './focus'
import { inputAttributes } from './input-rules'
import { linkOrText } from './link'
import { PASSWORDS_DIFFER } from './passwords'
import { imageSrc } from './safe-url'

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value)
  if (text !== undefined) node.textContent = text
  return node
}

let ids = 0

/** The largest size a form's image is shown at, in CSS pixels (CAPTCHAs are about 120 × 40). */
const MAX_MEDIA = { width: 400, height: 200 }

const valueList = (value: FormField['value']): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [String(value)]

const mediaOf = (field: FormField): HTMLElement | undefined => {
  if (!field.media || field.media.length === 0) return undefined
  const box = el('div', { class: 'media' })
  for (const media of field.media) {
    for (const { uri, type } of media.uris) {
      const src = imageSrc(uri, type)
      if (src !== undefined) {
        const img = el('img', { src, alt: field.label ?? field.var ?? 'media' })
        // Sizes from the server, capped (a height of 99999 would stretch the form over the page).
        if (media.width) img.width = Math.min(media.width, MAX_MEDIA.width)
        if (media.height) img.height = Math.min(media.height, MAX_MEDIA.height)
        box.append(img)
      } else {
        box.append(linkOrText(uri))
      }
    }
  }
  return box
}

interface Reader { field: FormField; read(): FormFieldInput | undefined }

/** A field the user does not edit (hidden, the CAPTCHA fallback URL), as it goes back. */
const unchanged = (field: FormField): FormFieldInput | undefined => {
  if (field.var === undefined) return undefined
  const value = field.value ?? null
  return field.type === undefined ? { var: field.var, value } : { var: field.var, type: field.type, value }
}

const control = (field: FormField, id: string): { node: HTMLElement; read: () => FormFieldInput['value'] } => {
  const values = valueList(field.value)
  const type = field.type ?? 'text-single'
  const options = field.options ?? []
  if (type === 'boolean') {
    const box = el('input', { type: 'checkbox', id })
    box.checked = field.value === true
    return { node: box, read: () => box.checked }
  }
  if (type === 'list-single' || type === 'list-multi') {
    const select = el('select', { id, ...inputAttributes(field) })
    select.multiple = type === 'list-multi'
    if (type === 'list-single' && !field.required) select.append(el('option', { value: '' }, '—'))
    for (const option of options) {
      const node = el('option', { value: option.value }, option.label ?? option.value)
      node.selected = values.includes(option.value)
      select.append(node)
    }
    return {
      node: select,
      read: () => (select.multiple ? [...select.selectedOptions].map((o) => o.value) : select.value)
    }
  }
  if (type === 'text-multi' || type === 'jid-multi') {
    const area = el('textarea', { id, ...inputAttributes(field) })
    area.value = values.join('\n')
    return { node: area, read: () => area.value.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1) }
  }
  const input = el('input', { id, type: type === 'text-private' ? 'password' : 'text', ...inputAttributes(field) })
  if (type === 'jid-single') input.setAttribute('placeholder', 'name@example.org')
  input.value = values[0] ?? ''
  return { node: input, read: () => input.value }
}

/** XEP-0158's `captcha-fallback-url`: a link (when safe) to the same challenge on a web page, sent back unchanged. */
const FALLBACK_URL = 'captcha-fallback-url'

/** An extra button under the form (e.g. the sign-up's "New image"). */
export interface FormAction {
  label: string
  onClick(): void
}

/** A form as {@link renderDataForm} gives it back, filled in. */
export interface Filled { formType?: string; fields: FormFieldInput[] }

/**
 * Renders `form` into `container`, calling `onSubmit` with the form to submit (the same
 * object shape, with the values filled in, so that its FORM_TYPE goes back with it), with
 * `actions` as extra buttons beside the submit one. Returns a function reading the values now.
 */
export const renderDataForm = (container: HTMLElement, form: DataForm, submitLabel: string, onSubmit: (filled: Filled) => void | Promise<unknown>, actions: FormAction[] = []): () => Filled => {
  container.replaceChildren()
  const formEl = el('form', { class: 'data-form-wrapper', method: 'post' })
  const errorId = `form-${++ids}-error`
  /** New passwords and their second input. */
  const twice: Array<[HTMLInputElement, HTMLInputElement]> = []
  const fieldset = el('fieldset', { class: 'data-form' })
  fieldset.append(el('legend', {}, form.title ?? 'Registration form'))
  if (form.instructions) fieldset.append(el('p', { class: 'instructions' }, form.instructions.trim()))
  const readers: Reader[] = []
  for (const field of form.fields) {
    if (field.type === 'hidden') {
      readers.push({ field, read: () => unchanged(field) })
      continue
    }
    if (field.var === FALLBACK_URL && typeof field.value === 'string') {
      const p = el('p', { class: 'fallback' }, `${field.label ?? 'CAPTCHA web page'}: `)
      p.append(linkOrText(field.value))
      fieldset.append(p)
      readers.push({ field, read: () => unchanged(field) })
      continue
    }
    if (field.type === 'fixed') {
      fieldset.append(el('p', { class: 'fixed' }, valueList(field.value).join('\n') || field.label || ''))
      continue
    }
    const id = `field-${++ids}`
    const { node, read } = control(field, id)
    if (field.type !== 'boolean') node.setAttribute('autocomplete', autocompleteOf(field))
    const name = field.label ?? field.var ?? ''
    // The media (a CAPTCHA image) between the label and the input: read first, then type.
    const media = mediaOf(field)
    if (field.type === 'boolean') {
      const label = el('label', { class: `checkbox${field.required ? ' required' : ''}`, for: id })
      label.append(node, document.createTextNode(name))
      fieldset.append(label)
      if (media) fieldset.append(media)
    } else {
      fieldset.append(el('label', { for: id, class: field.required ? 'required' : '' }, name))
      if (media) fieldset.append(media)
      fieldset.append(node)
    }
    if (field.description) {
      fieldset.append(el('div', { class: 'desc', id: `${id}-desc` }, field.description))
      describedBy(node, `${id}-desc`)
    }
    if (isNewPassword(field) && node instanceof HTMLInputElement) {
      const again = el('input', { id: `${id}-again`, type: 'password', autocomplete: 'new-password', required: '' })
      // A form given again with the password kept (a new CAPTCHA) keeps it confirmed.
      again.value = node.value
      fieldset.append(el('label', { for: again.id, class: 'required' }, `${name} again`), again)
      twice.push([node, again])
    }
    readers.push({
      field,
      read: () => {
        if (field.var === undefined) return undefined
        return field.type === undefined ? { var: field.var, value: read() } : { var: field.var, type: field.type, value: read() }
      }
    })
  }
  const buttons = el('div', { class: 'actions' })
  buttons.append(el('button', { type: 'submit' }, submitLabel))
  for (const action of actions) {
    const button = el('button', { type: 'button', class: 'secondary' }, action.label)
    button.addEventListener('click', () => action.onClick())
    buttons.append(button)
  }
  const error = el('div', { class: 'message', id: errorId, 'aria-live': 'polite' })
  formEl.append(fieldset, buttons, error)
  const filled = (): Filled => {
    const fields = readers.map((r) => r.read()).filter((f): f is FormFieldInput => f !== undefined)
    return form.formType === undefined ? { fields } : { formType: form.formType, fields }
  }
  // One submission at a time: the buttons stay disabled until the page has its answer.
  formEl.addEventListener('submit', (event) => {
    event.preventDefault()
    const all = [...formEl.querySelectorAll('button')]
    if (all.some((button) => button.disabled)) return
    error.textContent = ''
    error.className = 'message'
    const differ = twice.find(([first, again]) => first.value !== again.value)
    if (differ !== undefined) {
      error.className = 'message error'
      error.textContent = `${PASSWORDS_DIFFER}.`
      return markInvalid(differ[1], errorId)
    }
    for (const button of all) button.disabled = true
    void Promise.resolve(onSubmit(filled())).finally(() => { for (const button of all) button.disabled = false })
  })
  container.append(formEl)
  return filled
}
