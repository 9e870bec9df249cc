/**
 * The part of xmpp.js 0.14 (ESM-only, no type declarations of its own) that the sign-up
 * stream uses: `@xmpp/connection-tcp`, an RFC 6120 XMPP stream over TCP (framing, XML
 * parser, stream open, restart). Loaded with a dynamic `import()`, see `library.ts`.
 */
declare module '@xmpp/connection-tcp' {
  import type { EventEmitter } from 'node:events'

  /** An element as the xmpp.js parser builds it (an ltx Element). */
  export interface XmppElement {
    name: string
    attrs: Record<string, unknown>
    children: Array<XmppElement | string>
    is(name: string, xmlns?: string): boolean
    toString(): string
  }

  /** An XMPP client-to-server stream over a TCP socket (RFC 6120). */
  export default class ConnectionTCP extends EventEmitter {
    constructor(options: { domain: string; timeout?: number })
    /** The socket the stream runs on: a `net.Socket`, or xmpp.js's wrapper of a `TLSSocket`. */
    socket: unknown
    /** The XML parser of the current stream; null once the stream ended. */
    parser: unknown
    status: string
    /** Resolves once the socket is connected. */
    connect(service: string): Promise<void>
    /** Sends the stream header; resolves once the server's header arrived. */
    open(options: { domain: string; lang?: string }): Promise<unknown>
    /** Opens a new stream on the same socket (after STARTTLS). */
    restart(): Promise<unknown>
    send(element: { toString(): string }): Promise<void>
    socketParameters(service: string): unknown
    headerElement(): XmppElement
    _attachSocket(socket: unknown): void
    _onData(data: Buffer): void
    _onSeeOtherHost(error: unknown): unknown
  }
}
