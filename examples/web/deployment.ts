// How `npm run example` runs the web server, from its environment:
//   EXAMPLE_WORKERS     processes (default 1): the cluster of ./cluster.ts with N workers;
//                       0: the server in this process, no cluster
//   EXAMPLE_PORT        HTTP port (default 8080; 0: any free one, the URL printed says which)
//   REDIS_URL           the workers share socket.io over Redis (several machines), not the cluster's IPC
//   EXAMPLE_TRANSPORTS  'polling' or 'websocket': the only transport accepted (default both)
//   EXAMPLE_NO_STICKY=1 connections handed round-robin (only to show that polling then fails)
//   EXAMPLE_STICKY_UNPATCHED=1  sticky without the fixes of ./sticky-fixes.ts (only to show what they fix)
//   EXAMPLE_SIGNUP_LIMITS=off   no per-client sign-up limits (a load test whose browsers all come
//                       from one address; with REDIS_URL the limits are otherwise shared through it)
import { startCluster } from './cluster'
import { startExampleServer, type ExampleServer } from './server'

/** The XMPP server the example is pinned to. */
export interface XmppTarget {
  xmppHost: string
  xmppPort: number
  /** The file with the CA (PEM) of its certificate. */
  caFile: string
  ca: Buffer
}

/** The example server as the environment says; resolves with it and a line saying how it runs. */
export const startFromEnv = async (xmpp: XmppTarget, env: NodeJS.ProcessEnv = process.env): Promise<{ server: ExampleServer; how: string }> => {
  const workers = Number(env.EXAMPLE_WORKERS ?? 1)
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new Error(`EXAMPLE_WORKERS: a whole number from 0 to 64, not ${env.EXAMPLE_WORKERS}`)
  const port = Number(env.EXAMPLE_PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`EXAMPLE_PORT: a port number, not ${env.EXAMPLE_PORT}`)
  const only = env.EXAMPLE_TRANSPORTS
  if (only !== undefined && only !== 'polling' && only !== 'websocket') throw new Error(`EXAMPLE_TRANSPORTS: polling or websocket, not ${only}`)
  const transports: { transports?: Array<'websocket' | 'polling'> } = only === undefined ? {} : { transports: [only] }
  const redisUrl = env.REDIS_URL === undefined || env.REDIS_URL === '' ? undefined : env.REDIS_URL
  const noSticky = env.EXAMPLE_NO_STICKY === '1'
  const limitsOff = env.EXAMPLE_SIGNUP_LIMITS === 'off'
  if (workers === 0) {
    const server = await startExampleServer({ port, xmppHost: xmpp.xmppHost, xmppPort: xmpp.xmppPort, ca: xmpp.ca, ...transports, ...(limitsOff ? { signup: { limits: false } } : {}) })
    return { server, how: 'in this process' }
  }
  const server = await startCluster({
    workers,
    port,
    xmppHost: xmpp.xmppHost,
    xmppPort: xmpp.xmppPort,
    caFile: xmpp.caFile,
    ...transports,
    ...(redisUrl === undefined ? {} : { redisUrl }),
    ...(noSticky ? { noSticky } : {}),
    ...(limitsOff ? { signupLimits: false as const } : {}),
    ...(env.EXAMPLE_STICKY_UNPATCHED === '1' ? { stickyFixes: false } : {})
  })
  const how = `${workers} worker${workers === 1 ? '' : 's'}, ${redisUrl === undefined ? 'cluster adapter' : 'Redis adapter'}` +
    `${only === undefined ? '' : `, ${only} only`}${limitsOff ? ', no sign-up limits' : ''}${noSticky ? ', NO sticky sessions' : ''}${env.EXAMPLE_STICKY_UNPATCHED === '1' ? ', sticky without its fixes' : ''}`
  return { server, how }
}
