/**
 * The XMPP stream library of the sign-up before login (XEP-0077 on an unauthenticated
 * stream, XEP-0445 tokens, XEP-0401 invites): xmpp.js's `@xmpp/connection-tcp`, loaded on
 * first use with a dynamic `import()` (it is ESM-only; this package is CommonJS, and
 * `module: node16` keeps `import()` as it is in the compiled code). Loaded once per process.
 */
import type { Socket } from 'node:net'

import type { XmppElement as LibraryElement } from '@xmpp/connection-tcp'

import type { XmlElement } from '../core/types'

/** An element as the library's parser builds it (an ltx Element). */
export interface XmppElement extends XmlElement {
  is(name: string, xmlns?: string): boolean
}

/** Where to connect, and the most bytes the server may send in one stanza. */
export interface ConnectionSettings {
  domain: string
  host: string
  port: number
  timeout: number
  maxStanzaBytes: number
}

/** Thrown into the stream's `error` event when the server sends a stanza over the limit. */
export class StanzaTooLargeError extends Error {}

/** An XMPP client stream to one configured server, as the sign-up uses it. */
export interface SignupConnection {
  /** The current socket: the TCP socket, then the TLS socket after STARTTLS. */
  socket: unknown
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener: (...args: never[]) => void): unknown
  emit(event: string, ...args: unknown[]): boolean
  connect(service: string): Promise<void>
  open(options: { domain: string }): Promise<unknown>
  restart(): Promise<unknown>
  send(element: { toString(): string }): Promise<void>
  _attachSocket(socket: Socket): void
}

/** The loaded library: a factory of connections. */
export interface XmppLibrary {
  connection(settings: ConnectionSettings): SignupConnection
}

const NS_CLIENT = 'jabber:client'

const load = async (): Promise<XmppLibrary> => {
  const { default: ConnectionTCP } = await import('@xmpp/connection-tcp')

  class Connection extends ConnectionTCP {
    private unparsed = 0

    constructor(private readonly settings: ConnectionSettings) {
      super({ domain: settings.domain, timeout: settings.timeout })
      this.on('element', () => { this.unparsed = 0 })
    }

    /** The operator's host and port, whatever the service string says. */
    override socketParameters(): unknown {
      return { host: this.settings.host, port: this.settings.port }
    }

    /** A client stream (`jabber:client`), as `@xmpp/tcp` would open it. */
    override headerElement(): LibraryElement {
      const el = super.headerElement()
      el.attrs.xmlns = NS_CLIENT
      return el
    }

    /**
     * Counts the bytes since the last complete element (within one read: an element ending
     * in a chunk resets the count) and stops reading past the limit. Nothing thrown here may
     * escape: it would be an uncaught exception in the socket's 'data' event. xmpp.js throws
     * for data after the server's `</stream:stream>` (its parser is gone: such data is
     * dropped) and for a second XML error in one read (it stops listening to the parser at
     * the first, whose next 'error' event then throws): reported as an 'error' event.
     */
    override _onData(data: Buffer): void {
      if (this.parser === null || this.unparsed > this.settings.maxStanzaBytes) return
      this.unparsed += data.length
      try {
        super._onData(data)
      } catch (e) {
        this.parser = null
        this.emit('error', e)
        return
      }
      if (this.unparsed > this.settings.maxStanzaBytes) {
        this.emit('error', new StanzaTooLargeError(`more than ${this.settings.maxStanzaBytes} bytes in one stanza`))
      }
    }

    /** A `<see-other-host/>` stream error is never followed: the operator chose the host. */
    override _onSeeOtherHost(error: unknown): void {
      this.emit('error', error)
    }
  }

  return { connection: (settings) => new Connection(settings) as unknown as SignupConnection }
}

let loading: Promise<XmppLibrary> | undefined

/** The library, loaded on the first call (a failed load is retried on the next). */
export const loadXmppLibrary = (): Promise<XmppLibrary> => {
  if (loading === undefined) {
    loading = load()
    loading.catch(() => { loading = undefined })
  }
  return loading
}
