// Test-only: a scripted XMPP server on 127.0.0.1 for the sign-up stream's edge cases that no
// real server shows on demand (no STARTTLS, no registration, foreign replies, huge stanzas…).
// It records everything a client sends.
import { equal } from 'node:assert/strict'
import { createServer, type Server, type Socket } from 'node:net'

import { signupStreamCount, type SignupStream } from '../../src/signup/stream'
import type { Outcome } from '../../src/signup/types'
import { assertNothingLeft } from './handles'

/** The server's stream header (RFC 6120 §4.7). */
export const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0'>"

/** Stream features with the given children. */
export const features = (...children: string[]): string => `<stream:features>${children.join('')}</stream:features>`

export const REGISTER_FEATURE = "<register xmlns='http://jabber.org/features/iq-register'/>"
export const STARTTLS_FEATURE = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
export const TOKEN_FEATURE = "<register xmlns='urn:xmpp:ibr-token:0'/>"

/** Answers the client's data so far (all of it, since the connection opened); returns what to send. */
export type Script = (received: string, socket: Socket) => string | undefined

export class FakeXmppServer {
  /** Everything each connection sent, in order of connection. */
  readonly received: string[] = []
  private readonly server: Server
  private readonly sockets = new Set<Socket>()

  constructor(script: Script) {
    this.server = createServer((socket) => {
      const index = this.received.push('') - 1
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      socket.on('error', () => undefined)
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => {
        this.received[index] += chunk
        if (this.received[index]!.includes('</stream:stream>')) {
          socket.end('</stream:stream>')
          return
        }
        const out = script(this.received[index]!, socket)
        if (out !== undefined && out !== '') socket.write(out)
      })
    })
  }

  /** Listens on a free port; resolves with it. */
  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port)))
  }

  /** Connections open now (counted until the socket closes). */
  get connections(): number {
    return this.sockets.size
  }

  /** Drops every open connection (as a server that goes away does), still listening. */
  drop(): void {
    for (const socket of this.sockets) socket.destroy()
  }

  /** Stops listening and drops every connection. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

/** The `id` of the last `<iq/>` the client sent. */
export const lastIqId = (received: string): string | undefined => [...received.matchAll(/<iq [^>]*id="([^"]+)"/g)].pop()?.[1]

/** The text of the last `<iq/>` the client sent (to its end of the data so far). */
export const lastIq = (received: string): string => received.slice(received.lastIndexOf('<iq '))

/** A script that opens the stream with `feats`, then answers each new `<iq/>` with `answer(id, received)`. */
export const serve = (feats: string, answer: (id: string, received: string) => string | undefined = () => undefined): Script => {
  let answered: string | undefined
  return (received) => {
    if (!received.includes('<iq')) return received.includes('<stream:stream') ? HEADER + feats : undefined
    const id = lastIqId(received)
    if (id === undefined || id === answered) return undefined
    answered = id
    return answer(id, received)
  }
}

/** The stream of a successful `SignupStream.open`; throws with the error otherwise. */
export const opened = (outcome: Outcome<SignupStream>): SignupStream => {
  if ('error' in outcome) throw new Error(`not opened: ${JSON.stringify(outcome.error)}`)
  return outcome.data
}

/** After a test: the server closed, no handle left beyond `baseline`, no sign-up stream counted. */
export const closeAndCheck = async (server: FakeXmppServer | undefined, baseline: Record<string, number>): Promise<void> => {
  await server?.close()
  // The baseline has the test's own timer; the hook calling this has its own instead.
  await assertNothingLeft(baseline)
  equal(signupStreamCount(), 0)
}
