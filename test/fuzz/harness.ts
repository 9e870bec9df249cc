// A plugin session for property tests: the real plugin bound to a fake socket, and an XMPP
// client that keeps exactly the text that would go on the wire.
import { EventEmitter } from 'node:events'

import type { Element } from 'ltx'

import Register = require('../../src')
import { FakeSocket } from '../support/fakes'

export const EVENTS = ['xmpp.register.get', 'xmpp.register.set', 'xmpp.register.unregister', 'xmpp.register.password'] as const
export type EventName = (typeof EVENTS)[number]

export const OWN_JID = 'bill@shakespeare.lit/globe'
export const TIMEOUT = 1000

/** node-xmpp-client as far as the plugin sees it; `wire` holds each stanza as serialised. */
export class WireClient extends EventEmitter {
  readonly wire: string[] = []
  send(stanza: Element): void {
    this.wire.push(stanza.root().toString())
  }
  end(): void {
    // xmpp-ftw calls end() on logout
  }
}

export interface FuzzSession {
  socket: FakeSocket
  client: WireClient
  manager: { socket: FakeSocket; client: WireClient | false; jid: string }
  register: Register
}

export const fuzzSession = (): FuzzSession => {
  const socket = new FakeSocket()
  const client = new WireClient()
  const manager = { socket, client: client as WireClient | false, jid: OWN_JID }
  const register = new Register({ timeout: TIMEOUT })
  register.init(manager)
  return { socket, client, manager, register }
}

// XML 1.0 §2.2: text outside this set on the wire makes a server close the stream.
export const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u
