// One generic renderer for XEP-0004 data forms in the xmpp-ftw JSON: every field type,
// XEP-0221 media, and reading the filled-in values back for submission.
import type { DataForm, FormField, FormFieldInput } from '../../../src/types'
import { linkOrText } from './link'
import { imageSrc } from './safe-url'

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value)
  if (text !== undefined) node.textContent = text
  return node
}

let ids = 0

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
        if (media.width) img.width = media.width
        if (media.height) img.height = media.height
        box.append(img)
      } else {
        box.append(linkOrText(uri))
      }
    }
  }
  return box
}

interface Reader { field: FormField; read(): FormFieldInput | undefined }

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
    const select = el('select', { id })
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
    const area = el('textarea', { id })
    area.value = values.join('\n')
    return { node: area, read: () => area.value.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1) }
  }
  const input = el('input', { id, type: type === 'text-private' ? 'password' : 'text' })
  if (type === 'jid-single') input.setAttribute('placeholder', 'name@example.org')
  input.value = values[0] ?? ''
  if (field.required) input.required = true
  return { node: input, read: () => input.value }
}

/**
 * Renders `form` into `container` and returns a function giving the form to submit (the
 * same object shape, with the values filled in), so that its FORM_TYPE goes back with it.
 */
export const renderDataForm = (container: HTMLElement, form: DataForm, submitLabel: string, onSubmit: (filled: { formType?: string; fields: FormFieldInput[] }) => void): void => {
  container.replaceChildren()
  const formEl = el('form', { class: 'data-form-wrapper' })
  const fieldset = el('fieldset', { class: 'data-form' })
  fieldset.append(el('legend', {}, form.title ?? 'Registration form'))
  if (form.instructions) fieldset.append(el('p', { class: 'instructions' }, form.instructions.trim()))
  const readers: Reader[] = []
  for (const field of form.fields) {
    if (field.type === 'hidden') {
      readers.push({ field, read: () => (field.var === undefined ? undefined : { var: field.var, type: 'hidden', value: field.value ?? null }) })
      continue
    }
    if (field.type === 'fixed') {
      fieldset.append(el('p', { class: 'fixed' }, valueList(field.value).join('\n') || field.label || ''))
      continue
    }
    const id = `field-${++ids}`
    const { node, read } = control(field, id)
    const name = field.label ?? field.var ?? ''
    if (field.type === 'boolean') {
      const label = el('label', { class: `checkbox${field.required ? ' required' : ''}`, for: id })
      label.append(node, document.createTextNode(name))
      fieldset.append(label)
    } else {
      fieldset.append(el('label', { for: id, class: field.required ? 'required' : '' }, name), node)
    }
    const media = mediaOf(field)
    if (media) fieldset.append(media)
    if (field.description) fieldset.append(el('div', { class: 'desc' }, field.description))
    readers.push({
      field,
      read: () => {
        if (field.var === undefined) return undefined
        return field.type === undefined ? { var: field.var, value: read() } : { var: field.var, type: field.type, value: read() }
      }
    })
  }
  const actions = el('div', { class: 'actions' })
  actions.append(el('button', { type: 'submit' }, submitLabel))
  formEl.append(fieldset, actions)
  formEl.addEventListener('submit', (event) => {
    event.preventDefault()
    const fields = readers.map((r) => r.read()).filter((f): f is FormFieldInput => f !== undefined)
    onSubmit(form.formType === undefined ? { fields } : { formType: form.formType, fields })
  })
  container.append(formEl)
}
