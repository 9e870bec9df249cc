/**
 * XEP-0068 FORM_TYPE memory for XEP-0077 forms: the FORM_TYPE of the last form a service
 * sent, per JID and operation, so that a form submitted without one (the xmpp-ftw array of
 * fields) goes back with the service's own (a MUC service's `muc#register`, say). Kept per
 * XMPP client (one per login in xmpp-ftw) and bounded: at most 256 JIDs, least recently used
 * dropped first.
 */

/** The operation a form is submitted with: `get`'s form is the one `set` submits. */
export type FormSlot = 'set' | 'unregister' | 'password'

/** The most JIDs remembered per XMPP client. */
export const MAX_FORM_TYPE_JIDS = 256

type Slots = Partial<Record<FormSlot, string>>

const memories = new WeakMap<object, Map<string, Slots>>()

/**
 * Remembers that `jid` (normalised) last sent a form of `formType` for `slot` on `client`;
 * an undefined `formType` (a form without FORM_TYPE, or no form) forgets it.
 */
export const rememberFormType = (client: object, jid: string, slot: FormSlot, formType: string | undefined): void => {
  let memory = memories.get(client)
  if (formType === undefined) {
    const slots = memory?.get(jid)
    if (slots === undefined) return
    delete slots[slot]
    if (Object.keys(slots).length === 0) memory!.delete(jid)
    return
  }
  if (memory === undefined) {
    memory = new Map()
    memories.set(client, memory)
  }
  const slots = memory.get(jid)
  if (slots !== undefined && slots[slot] === formType) {
    // Already known: only mark it the most recently used.
    memory.delete(jid)
    memory.set(jid, slots)
    return
  }
  memory.delete(jid)
  memory.set(jid, { ...slots, [slot]: formType })
  if (memory.size > MAX_FORM_TYPE_JIDS) memory.delete(memory.keys().next().value!)
}

/** The FORM_TYPE `jid` (normalised) last sent for `slot` on `client`, or undefined. */
export const recallFormType = (client: object, jid: string, slot: FormSlot): string | undefined => {
  const memory = memories.get(client)
  const slots = memory?.get(jid)
  const formType = slots?.[slot]
  if (formType === undefined) return undefined
  // Used: now the most recently used.
  memory!.delete(jid)
  memory!.set(jid, slots!)
  return formType
}
