// `npm run load`'s command line, checked.
import { parseArgs } from 'node:util'

import type { Transport } from './journey'

/** What a load run does. */
export interface LoadOptions {
  count: number
  concurrency: number
  /** Seconds; 0: until `count` journeys. */
  duration: number
  transport: Transport
  /** Example workers to start (0: the server in one process); not used with `url`. */
  workers: number
  /** A running example instead of starting one. */
  url?: string
  /** With `url`: the example's primary, for its and its workers' CPU and memory. */
  pid?: number
  /** Restarts of a journey after a connection-level failure (disconnect, no answer). */
  retries: number
  stepTimeoutMs: number
  domain: string
  redisUrl?: string
  noSticky: boolean
  /** Seconds into the run: SIGKILL one worker. */
  killWorker?: number
  /** Seconds into the run: stop the XMPP server and start it again. */
  restartXmpp?: number
  /** A JSON summary written here (for tests and scripts). */
  json?: string
}

const USAGE = `npm run load -- [--count N=50] [--concurrency N=10] [--duration S] [--transport websocket|polling]
  [--workers N=1] [--url http://127.0.0.1:PORT/ --pid PRIMARY_PID] [--retries N=1] [--step-timeout MS=20000]
  [--redis URL] [--no-sticky] [--kill-worker S] [--restart-xmpp S] [--json FILE]`

const whole = (name: string, value: string | undefined, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name}: a whole number from ${min} to ${max}\n${USAGE}`)
  return n
}

/** Parses `args` (default: the process's); prints the usage and exits on --help; throws on a bad value. */
export const parseOptions = (args = process.argv.slice(2)): LoadOptions => {
  const { values } = parseArgs({
    args,
    options: {
      count: { type: 'string' }, concurrency: { type: 'string' }, duration: { type: 'string' },
      transport: { type: 'string', default: 'websocket' }, workers: { type: 'string' }, url: { type: 'string' },
      pid: { type: 'string' }, retries: { type: 'string' }, 'step-timeout': { type: 'string' },
      domain: { type: 'string', default: 'localhost' }, redis: { type: 'string' }, 'no-sticky': { type: 'boolean', default: false },
      'kill-worker': { type: 'string' }, 'restart-xmpp': { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const duration = whole('duration', values.duration, 0, 600) ?? 0
  if (values.transport !== 'websocket' && values.transport !== 'polling') throw new Error(`--transport: websocket or polling\n${USAGE}`)
  if (values.url !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(values.url)) throw new Error('--url: loopback only (http://127.0.0.1:PORT/)')
  const killWorker = whole('kill-worker', values['kill-worker'], 0, 600)
  const restartXmpp = whole('restart-xmpp', values['restart-xmpp'], 0, 600)
  const pid = whole('pid', values.pid, 1, 2 ** 22)
  return {
    count: whole('count', values.count, 1, 1_000_000) ?? (duration > 0 ? 1_000_000 : 50),
    concurrency: whole('concurrency', values.concurrency, 1, 500) ?? 10,
    duration,
    transport: values.transport,
    workers: whole('workers', values.workers, 0, 64) ?? 1,
    retries: whole('retries', values.retries, 0, 10) ?? 1,
    stepTimeoutMs: whole('step-timeout', values['step-timeout'], 100, 120000) ?? 20000,
    domain: values.domain,
    noSticky: values['no-sticky'],
    ...(values.url === undefined ? {} : { url: values.url }),
    ...(pid === undefined ? {} : { pid }),
    ...(values.redis === undefined ? {} : { redisUrl: values.redis }),
    ...(killWorker === undefined ? {} : { killWorker }),
    ...(restartXmpp === undefined ? {} : { restartXmpp }),
    ...(values.json === undefined ? {} : { json: values.json })
  }
}
