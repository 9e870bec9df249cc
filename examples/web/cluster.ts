// The example on N processes (`EXAMPLE_WORKERS=N npm run example`): Node's `cluster`, the primary
// holding the port and handing each HTTP connection to a worker with `@socket.io/sticky`
// (HTTP long-polling sends each request of a client on a new connection: every one of them
// must reach the worker that holds its socket.io session, found by the `sid` in the query),
// and the workers' socket.io servers joined by `@socket.io/cluster-adapter` over the cluster's
// IPC, or by `@socket.io/redis-adapter` when REDIS_URL is set (./worker.ts).
// Each browser's xmpp-ftw session and sign-up stream live in the worker that holds its socket.
// A worker that dies is replaced (the browsers it held see a disconnect and connect again).
import cluster, { type Worker } from 'node:cluster'
import { createServer } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net'
import { join } from 'node:path'

import { setupMaster } from '@socket.io/sticky'

import type { ExampleServer } from './server'
import { claimWaitingFront, fixStickyPrimary } from './sticky-fixes'

/** What the primary passes to each worker (as JSON in its environment, {@link CONFIG_VARIABLE}). */
export interface WorkerConfig {
  xmppHost: string
  xmppPort: number
  /** A file with the CA (PEM) that signed the XMPP server's certificate. */
  caFile?: string
  /** Redis for the socket.io adapter (several machines); default: the cluster adapter over IPC. */
  redisUrl?: string
  /** No `@socket.io/sticky` (only to show why it is needed: polling fails with "Session ID unknown"). */
  noSticky?: boolean
  /** The transports the workers accept (default both; see `ExampleOptions.transports`). */
  transports?: Array<'websocket' | 'polling'>
  /** The page origins allowed at the socket.io handshake (default: the page's own; see `ExampleOptions.origins`). */
  origins?: string[]
  /** false: no per-client sign-up limits (`EXAMPLE_SIGNUP_LIMITS=off`). */
  signupLimits?: false
  /** The port the primary serves the page on, once it listens (for the default origins). */
  port?: number
}

/** The environment variable that carries a worker's {@link WorkerConfig}. */
export const CONFIG_VARIABLE = 'EXAMPLE_WORKER_CONFIG'

/** The message a worker sends the primary once it serves. */
export const READY = 'example:ready'

/** The message the primary sends each worker once it listens: `{ type, port }` (the page's own origin). */
export const SERVED_ON = 'example:served-on'

export interface ClusterOptions extends WorkerConfig {
  workers: number
  /** HTTP port (0: any free one). */
  port?: number
  /**
   * The fixes around sticky's primary (./sticky-fixes.ts; default true): reads stopped before a
   * hand-off, a session's request held until its worker claimed it. false only to show what
   * goes wrong without them (connections of a dead worker are closed either way).
   */
  stickyFixes?: boolean
  /** Where the primary's lines go (workers ready, died, replaced); default console.log. */
  log?: (line: string) => void
}

export interface ClusterServer extends ExampleServer {
  /** The workers now serving: cluster id → pid. */
  workers(): Map<number, number>
}

/** Without sticky sessions: each connection goes to the next worker in turn, whatever session it names. */
const roundRobin = (): TcpServer => {
  let next = 0
  return createTcpServer({ pauseOnConnect: true }, (socket) => {
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined)
    if (workers.length === 0) {
      socket.destroy()
      return
    }
    workers[next++ % workers.length]!.send({ type: 'nosticky:connection' }, socket)
  })
}

/** Starts the primary: forks the workers, replaces those that die, listens once they all serve. */
export const startCluster = async (options: ClusterOptions): Promise<ClusterServer> => {
  if (!cluster.isPrimary) throw new Error('startCluster runs in the primary')
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error('workers: a whole number, at least 1')
  const log = options.log ?? ((line: string) => console.log(line))
  const config: WorkerConfig = {
    xmppHost: options.xmppHost,
    xmppPort: options.xmppPort,
    ...(options.caFile === undefined ? {} : { caFile: options.caFile }),
    ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
    ...(options.noSticky === true ? { noSticky: true } : {}),
    ...(options.transports === undefined ? {} : { transports: options.transports }),
    ...(options.origins === undefined ? {} : { origins: options.origins }),
    ...(options.signupLimits === false ? { signupLimits: false as const } : {})
  }
  // The workers run ./worker.ts under this process's loader (tsx: execArgv is inherited).
  // serialization 'advanced' keeps the request's first bytes, that sticky passes on, a Buffer
  // over IPC (with 'json' every request gets an empty reply).
  cluster.setupPrimary({ exec: join(__dirname, 'worker.ts'), serialization: 'advanced' })
  let http: TcpServer
  if (options.noSticky === true) {
    http = roundRobin()
  } else {
    const server = createServer()
    setupMaster(server, { loadBalancingMethod: 'least-connection' })
    fixStickyPrimary(server, { readStop: options.stickyFixes !== false })
    http = options.stickyFixes === false ? server : claimWaitingFront(server)
  }
  if (options.redisUrl === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { setupPrimary } = require('@socket.io/cluster-adapter') as typeof import('@socket.io/cluster-adapter')
    setupPrimary()
  }
  let stopping = false
  const serving = new Map<number, number>()
  const fork = (): Promise<Worker> => new Promise((resolve, reject) => {
    const worker = cluster.fork({ [CONFIG_VARIABLE]: JSON.stringify(config) })
    // sticky's least-connection picks the worker with the fewest clients: a new one (none yet)
    // would get the next connections while it still loads. Out of the choice until it serves.
    // sticky sends to a worker that just died (e.g. 'sticky:abort' when a relayed connection
    // closes) without a callback: the IPC error would be thrown and end the primary.
    worker.on('error', (e: Error) => log(`worker ${worker.id}: ${e.message}`))
    const counted = worker as Worker & { clientsCount?: number }
    counted.clientsCount = Infinity
    const onMessage = (message: unknown): void => {
      if ((message as { type?: unknown } | null)?.type !== READY) return
      worker.off('message', onMessage)
      counted.clientsCount = 0
      serving.set(worker.id, worker.process.pid!)
      log(`worker ${worker.id} pid ${worker.process.pid} ready`)
      resolve(worker)
    }
    worker.on('message', onMessage)
    worker.once('exit', (code, signal) => reject(new Error(`worker ${worker.id} exited before it served (${signal ?? code})`)))
  })
  // Replace a worker that dies, unless stopping; more than 5 × N deaths in 10 s stops the replacing.
  let deaths: number[] = []
  cluster.on('exit', (worker, code, signal) => {
    serving.delete(worker.id)
    if (stopping) return
    log(`worker ${worker.id} pid ${worker.process.pid} died (${signal ?? `exit ${code}`}): replacing it`)
    const now = Date.now()
    deaths = [...deaths.filter((t) => now - t < 10000), now]
    if (deaths.length > 5 * options.workers) {
      log('workers keep dying: not replacing any more')
      return
    }
    fork().catch((e: unknown) => log(`replacement failed: ${(e as Error).message}`))
  })
  await Promise.all(Array.from({ length: options.workers }, fork))
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  // The workers refuse every handshake until they know the page's origin: the live ones are
  // told now (before any connection reaches them over the same channel), replacements at fork.
  config.port = port
  for (const worker of Object.values(cluster.workers ?? {})) worker?.send({ type: SERVED_ON, port })
  return {
    url: `http://127.0.0.1:${port}/`,
    workers: () => new Map(serving),
    close: async () => {
      stopping = true
      http.close()
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined)
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) {
          resolve()
          return
        }
        const timer = setTimeout(() => w.process.kill('SIGKILL'), 3000)
        w.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        w.process.kill('SIGTERM')
      })))
    }
  }
}
