// A TCP proxy between an XMPP client and a real server that makes the server's stream error
// arrive late: the server's bytes from `<stream:error` on (and its end of the stream) are held
// back for `delayMs`; everything before them, and all the client's bytes, pass at once.
import { createServer, connect, type Server, type Socket } from 'node:net'

const MARKER = Buffer.from('<stream:error')

/** How many bytes at the end of `buf` could start the marker (kept back until the next chunk). */
const partialMarker = (buf: Buffer): number => {
  for (let k = Math.min(MARKER.length - 1, buf.length); k > 0; k--) {
    if (buf.subarray(buf.length - k).equals(MARKER.subarray(0, k))) return k
  }
  return 0
}

/** One proxied connection: client ⇄ server, with the server's stream error held back. */
const relay = (client: Socket, server: Socket, delayMs: number, onHeld: () => void): void => {
  let carry = Buffer.alloc(0)
  let held: Buffer[] | undefined
  let serverEnded = false
  let released = false
  const release = (): void => {
    released = true
    if (client.destroyed) return
    for (const chunk of held ?? []) client.write(chunk)
    if (serverEnded) client.end()
  }
  server.on('data', (chunk: Buffer) => {
    if (held !== undefined && !released) {
      held.push(chunk)
      return
    }
    if (released) {
      client.write(chunk)
      return
    }
    const buf = Buffer.concat([carry, chunk])
    const at = buf.indexOf(MARKER)
    if (at >= 0) {
      client.write(buf.subarray(0, at))
      held = [buf.subarray(at)]
      carry = Buffer.alloc(0)
      onHeld()
      setTimeout(release, delayMs)
      return
    }
    const keep = partialMarker(buf)
    client.write(buf.subarray(0, buf.length - keep))
    carry = buf.subarray(buf.length - keep)
  })
  // The server's side ending (or failing) reaches the client after what is held back.
  const serverGone = (): void => {
    if (serverEnded) return
    serverEnded = true
    if (held === undefined || released) client.end(carry)
  }
  server.on('end', serverGone)
  server.on('error', serverGone)
  server.on('close', serverGone)
  client.on('data', (chunk: Buffer) => server.write(chunk))
  client.on('end', () => server.end())
  client.on('error', () => server.destroy())
  client.on('close', () => server.destroy())
}

/** A listening proxy to `target`; `held` counts the stream errors it has held back. */
export class LateErrorProxy {
  readonly host = '127.0.0.1'
  port = 0
  held = 0
  private readonly server: Server
  private readonly sockets = new Set<Socket>()

  constructor(private readonly target: { host: string; port: number }, private readonly delayMs: number) {
    // Half-open: the client may end its side (logout) and still get the held-back bytes.
    this.server = createServer({ allowHalfOpen: true }, (client) => {
      const upstream = connect(this.target.port, this.target.host)
      for (const socket of [client, upstream]) {
        this.sockets.add(socket)
        socket.on('close', () => this.sockets.delete(socket))
      }
      relay(client, upstream, this.delayMs, () => { this.held++ })
    })
  }

  /** Starts listening on a free loopback port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve))
    this.port = (this.server.address() as { port: number }).port
    return this
  }

  /** Stops listening and drops every connection. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
