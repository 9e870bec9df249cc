// A tiny xmpp-ftw plugin of the example's own: `example.room.join` sends an XEP-0045 join
// presence, so that the page can create a room (and own it) before registering a nick.
// xmpp-ftw 2.0's core has no MUC support; a real application would use a MUC plugin.
import { Element } from 'ltx'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Base } = require('xmpp-ftw') as { Base: new () => { manager?: { client?: { send(s: Element): void } | false } } }

const NS_MUC = 'http://jabber.org/protocol/muc'

export class RoomJoin extends Base {
  get _events(): Record<string, string> {
    return { 'example.room.join': 'join' }
  }

  join(data: unknown, callback: unknown): void {
    if (typeof callback !== 'function') return
    const { room, nick } = (data ?? {}) as { room?: unknown; nick?: unknown }
    // eslint-disable-next-line no-control-regex -- control characters are refused
    if (typeof room !== 'string' || typeof nick !== 'string' || !/^[^@/\s]+@[^@/\s]+$/.test(room) || nick === '' || /[\u0000-\u001f]/.test(nick)) {
      callback({ type: 'modify', condition: 'client-error', description: "Give a room JID ('room@service') and a nick" })
      return
    }
    const client = this.manager?.client
    if (!client) {
      callback({ type: 'connection', condition: 'not-connected', description: 'You are not connected' })
      return
    }
    client.send(new Element('presence', { to: `${room}/${nick}` }).c('x', { xmlns: NS_MUC }).root())
    callback(null, { joined: room })
  }
}
