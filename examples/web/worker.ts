// One worker of the example on N processes (./cluster.ts), forked by the primary, never run by
// hand: the example's app (./server.ts) fed by the primary's connections, with the socket.io
// adapter the workers share; tells the primary when it serves.
// First: holds the connections that arrive while the modules below load.
import { heldConnections } from './worker-hold'

import cluster from 'node:cluster'
import { readFileSync } from 'node:fs'
import type { Socket } from 'node:net'

import { setupWorker } from '@socket.io/sticky'

import { signupStreamCount } from '../../src/signup'
import { CONFIG_VARIABLE, READY, SERVED_ON, type WorkerConfig } from './cluster'
import { createExampleApp, type ExampleApp, type ExampleOptions } from './server'

/** Joins the workers' socket.io servers: over Redis when configured, else over the cluster's IPC; resolves with its closer. */
const useAdapter = async (app: ExampleApp, config: WorkerConfig): Promise<() => void> => {
  if (config.redisUrl === undefined) {
    const { createAdapter } = await import('@socket.io/cluster-adapter')
    app.io.adapter(createAdapter())
    return () => undefined
  }
  const { Redis } = await import('ioredis')
  const { createAdapter } = await import('@socket.io/redis-adapter')
  const pub = new Redis(config.redisUrl)
  const sub = pub.duplicate()
  // ioredis reconnects by itself; an 'error' event without a listener would end the process.
  const report = (e: Error): void => console.error(`worker ${cluster.worker?.id}: redis: ${e.message}`)
  pub.on('error', report)
  sub.on('error', report)
  app.io.adapter(createAdapter(pub, sub))
  return () => {
    pub.disconnect()
    sub.disconnect()
  }
}

/**
 * With Redis, the sign-up limits are shared by every worker (and machine) through one ioredis
 * client: failing fast while Redis is away (the limits then count per process, see the README).
 */
const sharedLimits = async (config: WorkerConfig): Promise<{ signup?: ExampleOptions['signup']; close: () => void }> => {
  if (config.signupLimits === false) return { signup: { limits: false }, close: () => undefined }
  if (config.redisUrl === undefined) return { close: () => undefined }
  const { Redis } = await import('ioredis')
  const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  redis.on('error', (e: Error) => console.error(`worker ${cluster.worker?.id}: redis (limits): ${e.message}`))
  return { signup: { limits: { redis } }, close: () => redis.disconnect() }
}

const runWorker = async (): Promise<void> => {
  if (!cluster.isWorker) throw new Error('examples/web/worker.ts runs in a cluster worker')
  const config = JSON.parse(process.env[CONFIG_VARIABLE] ?? '{}') as WorkerConfig
  const limits = await sharedLimits(config)
  const app = await createExampleApp({
    ...(limits.signup === undefined ? {} : { signup: limits.signup }),
    xmppHost: config.xmppHost,
    xmppPort: config.xmppPort,
    ...(config.caFile === undefined ? {} : { ca: readFileSync(config.caFile) }),
    ...(config.transports === undefined ? {} : { transports: config.transports }),
    ...(config.origins === undefined ? {} : { origins: config.origins })
  })
  if (config.port !== undefined) app.servedOn(config.port)
  process.on('message', (message: { type?: unknown; port?: unknown } | null) => {
    if (message?.type === SERVED_ON && typeof message.port === 'number') app.servedOn(message.port)
  })
  const closeAdapter = await useAdapter(app, config)
  if (config.noSticky === true) {
    process.on('message', (message: { type?: unknown } | null, socket?: Socket) => {
      if (message?.type !== 'nosticky:connection' || socket === undefined) return
      app.http.emit('connection', socket)
      socket.resume()
    })
  } else {
    setupWorker(app.io)
  }
  for (const [message, handle] of heldConnections()) process.emit('message', message as never, handle as never)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    setTimeout(() => process.exit(0), 2000).unref()
    void app.close().then(closeAdapter).then(limits.close).finally(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  // SIGUSR2: one line of what this worker holds (browsers, sign-up streams, Node's handles and
  // timers by type), to check that nothing is left after browsers went.
  process.on('SIGUSR2', () => {
    const resources: Record<string, number> = {}
    for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1
    console.log(`worker ${cluster.worker?.id} pid ${process.pid} holds ${JSON.stringify({ sockets: app.io.engine.clientsCount, signupStreams: signupStreamCount(), resources })}`)
  })
  // Ctrl-C reaches the whole process group: the primary stops the workers (SIGTERM).
  process.on('SIGINT', () => undefined)
  process.send!({ type: READY })
}

runWorker().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
