// Fakes of what xmpp-ftw gives a plugin: the socket (browser side), the XMPP client
// (server side) and the manager that holds both.
import { EventEmitter } from 'node:events'

import { Element, parse } from 'ltx'

/** The browser's socket as xmpp-ftw wraps it: `send` goes to the browser. */
export class FakeSocket extends EventEmitter {
  readonly toBrowser: Array<{ event: string; data: unknown }> = []
  private readonly outbox = new EventEmitter()

  send(event: string, data: unknown): void {
    this.toBrowser.push({ event, data })
    this.outbox.emit('message', event, data)
  }

  /** Resolves with the next message to the browser whose event is one of `events`. */
  next(events: string[], timeoutMs = 10000): Promise<{ event: string; data: unknown }> {
    return new Promise((resolve, reject) => {
      const onMessage = (event: string, data: unknown): void => {
        if (!events.includes(event)) return
        clearTimeout(timer)
        this.outbox.removeListener('message', onMessage)
        resolve({ event, data })
      }
      const timer = setTimeout(() => {
        this.outbox.removeListener('message', onMessage)
        reject(new Error(`no ${events.join(' or ')} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.outbox.on('message', onMessage)
    })
  }

  ended = false

  /** xmpp-ftw's logout without a callback ends the socket (the browser has gone). */
  end(): void {
    this.ended = true
  }

  /** The browser emits `event` (as socket.io delivers it to xmpp-ftw). */
  fromBrowser(event: string, data?: unknown, callback?: unknown): void {
    this.emit(event, data, callback)
  }
}

/** node-xmpp-client: records what is sent, and lets a test deliver stanzas. */
export class FakeClient extends EventEmitter {
  readonly sent: Element[] = []

  send(stanza: Element): void {
    // What goes on the wire is the serialised stanza: keep what a server would read.
    this.sent.push(parse(stanza.root().toString()))
  }

  /** The last stanza sent, or throws. */
  last(): Element {
    const stanza = this.sent[this.sent.length - 1]
    if (!stanza) throw new Error('nothing was sent')
    return stanza
  }

  /** Delivers a stanza from the server (an Element or XML text). */
  deliver(stanza: Element | string): void {
    this.emit('stanza', typeof stanza === 'string' ? parse(stanza) : stanza)
  }

  /** Delivers `reply` with the id (and, unless given, the from) of the last request. */
  reply(xmlText: string, attrs: Record<string, string | undefined> = {}): void {
    const request = this.last()
    const reply = parse(xmlText)
    reply.attrs.id = request.attrs.id
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined) delete reply.attrs[name]
      else reply.attrs[name] = value
    }
    this.deliver(reply)
  }

  ended = false

  /** xmpp-ftw's logout ends the client. */
  end(): void {
    this.ended = true
  }

  /** The stream went away (node-xmpp-client emits `offline`). */
  goOffline(): void {
    this.emit('offline')
  }
}

/**
 * A {@link FakeClient} in Node's EventEmitter "shape mode", as node-xmpp-client's `Client` is
 * (its emitter is set up twice): removing an event's last listener emits no `removeListener`.
 */
export class ShapeModeClient extends FakeClient {
  constructor() {
    super()
    ;(EventEmitter as unknown as { init(this: EventEmitter): void }).init.call(this)
  }
}

/** The xmpp-ftw `Xmpp` instance as a plugin sees it. */
export interface FakeManager {
  socket: FakeSocket
  client: FakeClient | false
  jid?: string
}

export const fakeManager = (jid = 'bill@shakespeare.lit/globe'): FakeManager & { client: FakeClient } =>
  ({ socket: new FakeSocket(), client: new FakeClient(), jid })
