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

/** One client's values: per JID (normalised), least recently used first; `last` is the most recent. */
interface ClientMemory<V> {
  jids: Map<string, Partial<Record<FormSlot, V>>>
  last: string | undefined
}

/**
 * Values per XMPP client, JID (normalised) and slot; a JID with no value left is dropped. A
 * value equal to the one known (`same`) only marks the JID the most recently used, and marking
 * the JID that already is costs nothing (no Map work on every reply from the same service).
 */
class SlotMemory<V> {
  private readonly memories = new WeakMap<object, ClientMemory<V>>()
  constructor(private readonly same: (known: V, value: V) => boolean = Object.is) {}

  /** Remembers `value` (undefined forgets) for `slot` of `jid` on `client`. */
  remember(client: object, jid: string, slot: FormSlot, value: V | undefined): void {
    let memory = this.memories.get(client)
    if (value === undefined) {
      const slots = memory?.jids.get(jid)
      if (slots === undefined || slots[slot] === undefined) return
      delete slots[slot]
      if (Object.keys(slots).length === 0) {
        memory!.jids.delete(jid)
        if (memory!.last === jid) memory!.last = undefined
      }
      return
    }
    if (memory === undefined) {
      memory = { jids: new Map(), last: undefined }
      this.memories.set(client, memory)
    }
    const slots = memory.jids.get(jid)
    if (slots !== undefined) {
      const known = slots[slot]
      if (known === undefined || !this.same(known, value)) slots[slot] = value
      touch(memory, jid, slots)
      return
    }
    memory.jids.set(jid, { [slot]: value } as Partial<Record<FormSlot, V>>)
    memory.last = jid
    if (memory.jids.size > MAX_FORM_TYPE_JIDS) memory.jids.delete(memory.jids.keys().next().value!)
  }

  /** The value for `slot` of `jid` on `client`, now the most recently used; or undefined. */
  recall(client: object, jid: string, slot: FormSlot): V | undefined {
    const memory = this.memories.get(client)
    const slots = memory?.jids.get(jid)
    const value = slots?.[slot]
    if (value === undefined) return undefined
    touch(memory!, jid, slots!)
    return value
  }
}

/** Marks `jid` the most recently used of `memory`. */
const touch = <V>(memory: ClientMemory<V>, jid: string, slots: Partial<Record<FormSlot, V>>): void => {
  if (memory.last === jid) return
  memory.jids.delete(jid)
  memory.jids.set(jid, slots)
  memory.last = jid
}

/** Whether two sets of `var`s have the same members. */
const sameVars = (known: ReadonlySet<string>, value: ReadonlySet<string>): boolean => {
  if (known === value) return true
  if (known.size !== value.size) return false
  for (const name of value) if (!known.has(name)) return false
  return true
}

const formTypes = new SlotMemory<string>()
const privateFields = new SlotMemory<ReadonlySet<string>>(sameVars)

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
