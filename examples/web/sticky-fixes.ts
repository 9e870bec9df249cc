// Three fixes around @socket.io/sticky 2.0.1's primary (./cluster.ts): two by wrapping each
// worker's `send`, through which sticky hands connections to workers, one in front of it.
import cluster, { type Worker } from 'node:cluster'
import type { Server } from 'node:http'
import { createServer, Socket, type Server as TcpServer } from 'node:net'

/**
 * 1. Reads stopped before a hand-off. sticky hands a connection's socket to a worker
 * (`worker.send(message, socket)`) while the primary still reads it: Node sets the sent
 * handle's `onread` to a no-op but keeps reading until the worker acknowledges the handle, and
 * bytes read in that window are dropped. Over websocket the browser sends its socket.io CONNECT
 * packet right after the worker's open packet; when the primary is busy it falls in that window,
 * is lost, and the browser waits for ever (`connect` never comes; socket.io-client has no
 * timeout for it). Stopping the reads of the socket's handle (libuv `readStop`, a Node
 * internal: `_handle`) before the hand-off leaves those bytes in the kernel for the worker.
 *
 * 2. Connections of a dead worker closed. A request with a body (long-polling's POST) stays in
 * the primary, which relays it to the worker and waits for its answer over IPC; a socket
 * handed over stays open in the primary until the worker acknowledges it. When the worker
 * dies first, sticky keeps those connections open and the browser waits until its own timeout
 * (20 s for socket.io's connect). Closing them when the worker exits tells the browser at once
 * (a disconnect it reconnects from).
 *
 * Call after sticky's `setupMaster(server)`: this listener must come after sticky's.
 */
export const fixStickyPrimary = (server: Server, options: { readStop: boolean }): void => {
  /** The worker the last `send` went to, read by the `data` listener below right after sticky's. */
  let handedTo: Worker | undefined
  const open = new Map<number, Set<Socket>>()
  cluster.on('fork', (worker: Worker) => {
    const send = worker.send.bind(worker) as (...args: unknown[]) => boolean
    worker.send = ((message: unknown, handle?: unknown, ...rest: unknown[]) => {
      const type = (message as { type?: unknown } | null)?.type
      if (type === 'sticky:connection' || type === 'sticky:http-chunk-start') handedTo = worker
      if (options.readStop && handle instanceof Socket) (handle as unknown as { _handle?: { readStop?: () => number } })._handle?.readStop?.()
      return send(message, handle, ...rest)
    }) as Worker['send']
  })
  server.on('connection', (socket: Socket) => {
    socket.on('data', () => {
      const worker = handedTo
      handedTo = undefined
      if (worker === undefined) return
      const sockets = open.get(worker.id) ?? new Set()
      open.set(worker.id, sockets)
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    })
  })
  cluster.on('exit', (worker: Worker) => {
    for (const socket of open.get(worker.id) ?? []) socket.destroy()
    open.delete(worker.id)
  })
}

/** How long a request naming a session no worker has claimed yet waits for the claim. */
const CLAIM_WAIT_MS = 1000
const SID = /[?&]sid=([\w-]{20})/

/**
 * 3. A session's next request held until its worker has claimed it. A worker answers the
 * engine.io handshake on the socket itself and tells the primary which session it holds
 * (`sticky:connection` over IPC) at about the same time; when the primary is busy, the
 * browser's next request (long-polling: a new connection) can reach it before that message,
 * and sticky, not knowing the session, sends it to any worker: `400 Session ID unknown`, and
 * the page cannot connect. The server returned listens in front of sticky's: it reads each
 * connection's first chunk and, when it names a session no worker has claimed, waits for the
 * claim (at most 1 s: a session of a dead worker stays unknown) before handing the connection
 * to sticky. A session whose worker died gets engine.io's own `400 Session ID unknown` at once
 * (its browser connects again), not after a trip to a worker that may still be loading.
 */
export const claimWaitingFront = (sticky: Server): TcpServer => {
  const claimed = new Map<string, number>()
  const waiting = new Map<string, Array<() => void>>()
  cluster.on('message', (worker: Worker, message: { type?: unknown; data?: unknown } | null) => {
    if (typeof message?.data !== 'string') return
    if (message.type === 'sticky:connection') {
      claimed.set(message.data, worker.id)
      for (const wake of waiting.get(message.data) ?? []) wake()
      waiting.delete(message.data)
    } else if (message.type === 'sticky:disconnection') claimed.delete(message.data)
  })
  /** Sessions of workers that died (kept a minute): their requests are refused at once. */
  const gone = new Set<string>()
  cluster.on('exit', (worker: Worker) => {
    const lost: string[] = []
    for (const [sid, id] of claimed) {
      if (id !== worker.id) continue
      claimed.delete(sid)
      gone.add(sid)
      lost.push(sid)
    }
    setTimeout(() => lost.forEach((sid) => gone.delete(sid)), 60000).unref()
  })
  const handOn = (socket: Socket, chunk: Buffer): void => {
    if (socket.destroyed) return
    socket.unshift(chunk)
    sticky.emit('connection', socket)
    socket.resume()
  }
  return createServer((socket) => {
    socket.once('error', () => socket.destroy())
    socket.once('data', (chunk: Buffer) => {
      socket.pause()
      const line = chunk.subarray(0, Math.max(0, chunk.indexOf('\r\n'))).toString('latin1')
      const sid = SID.exec(line)?.[1]
      if (sid !== undefined && gone.has(sid)) {
        // As engine.io says it, without waiting for a worker (a new one may still be loading).
        const body = '{"code":1,"message":"Session ID unknown"}'
        socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`)
        return
      }
      if (sid === undefined || claimed.has(sid)) {
        handOn(socket, chunk)
        return
      }
      const wake = (): void => {
        clearTimeout(timer)
        handOn(socket, chunk)
      }
      const timer = setTimeout(() => {
        const list = waiting.get(sid) ?? []
        list.splice(list.indexOf(wake), 1)
        if (list.length === 0) waiting.delete(sid)
        handOn(socket, chunk)
      }, CLAIM_WAIT_MS)
      waiting.set(sid, [...(waiting.get(sid) ?? []), wake])
    })
  })
}
