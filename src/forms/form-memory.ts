/**
 * XEP-0068 FORM_TYPE memory for XEP-0077 forms: the FORM_TYPE of the last form a service
 * sent, per JID and operation, so that a form submitted without one (the xmpp-ftw array of
 * fields) goes back with the service's own (a MUC service's `muc#register`, say). Beside it,
 * the `text-private` fields of that form, so that an error echoing the submitted form without
 * field types (ejabberd) shows none of their values. Kept per XMPP client (one per login in
 * xmpp-ftw) and bounded: at most 256 JIDs each, least recently used dropped first.
 */

/** The operation a form is submitted with: `get`'s form is the one `set` submits. */
export type FormSlot = 'set' | 'unregister' | 'password'

/** The most JIDs remembered per XMPP client. */
export const MAX_FORM_TYPE_JIDS = 256

/** Values per XMPP client, JID (normalised) and slot; a JID with no value left is dropped. */
class SlotMemory<V> {
  private readonly memories = new WeakMap<object, Map<string, Partial<Record<FormSlot, V>>>>()

  /** Remembers `value` (undefined forgets) for `slot` of `jid` on `client`. */
  remember(client: object, jid: string, slot: FormSlot, value: V | undefined): void {
    let memory = this.memories.get(client)
    if (value === undefined) {
      const slots = memory?.get(jid)
      if (slots === undefined) return
      delete slots[slot]
      if (Object.keys(slots).length === 0) memory!.delete(jid)
      return
    }
    if (memory === undefined) {
      memory = new Map()
      this.memories.set(client, memory)
    }
    const slots = memory.get(jid)
    if (slots !== undefined && slots[slot] === value) {
      // Already known: only mark it the most recently used.
      memory.delete(jid)
      memory.set(jid, slots)
      return
    }
    memory.delete(jid)
    memory.set(jid, { ...slots, [slot]: value })
    if (memory.size > MAX_FORM_TYPE_JIDS) memory.delete(memory.keys().next().value!)
  }

  /** The value for `slot` of `jid` on `client`, now the most recently used; or undefined. */
  recall(client: object, jid: string, slot: FormSlot): V | undefined {
    const memory = this.memories.get(client)
    const slots = memory?.get(jid)
    const value = slots?.[slot]
    if (value === undefined) return undefined
    memory!.delete(jid)
    memory!.set(jid, slots!)
    return value
  }
}

const formTypes = new SlotMemory<string>()
const privateFields = new SlotMemory<ReadonlySet<string>>()

/**
 * Remembers that `jid` (normalised) last sent a form of `formType` for `slot` on `client`;
 * an undefined `formType` (a form without FORM_TYPE, or no form) forgets it.
 */
export const rememberFormType = (client: object, jid: string, slot: FormSlot, formType: string | undefined): void =>
  formTypes.remember(client, jid, slot, formType)

/** The FORM_TYPE `jid` (normalised) last sent for `slot` on `client`, or undefined. */
export const recallFormType = (client: object, jid: string, slot: FormSlot): string | undefined =>
  formTypes.recall(client, jid, slot)

/**
 * Remembers the `var`s of the `text-private` fields of the form `jid` (normalised) last sent
 * for `slot` on `client`; undefined (none, or no form) forgets them.
 */
export const rememberPrivateFields = (client: object, jid: string, slot: FormSlot, vars: ReadonlySet<string> | undefined): void =>
  privateFields.remember(client, jid, slot, vars)

/** The `var`s of the `text-private` fields `jid` (normalised) last sent for `slot` on `client`. */
export const recallPrivateFields = (client: object, jid: string, slot: FormSlot): ReadonlySet<string> | undefined =>
  privateFields.recall(client, jid, slot)
