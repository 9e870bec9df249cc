// The project's real XMPP servers for integration tests: Prosody (scripts/prosody.sh) and
// ejabberd (scripts/ejabberd.sh), each on its own loopback port. A server is started unless it
// is already running (as .ci/run starts both), and then stopped only if started here.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/** One test server: where it listens, its domains, and how to start and stop it. */
export interface TestServer {
  name: 'prosody' | 'ejabberd'
  host: string
  port: number
  /** The virtual host accounts live on. */
  domain: string
  /** The MUC service (XEP-0045). */
  muc: string
  /** Starts the server unless it is running; throws when it cannot. */
  start(): void
  /** Stops the server if `start()` started it. */
  stop(): void
}

const testServer = (name: TestServer['name'], portVariable: string, defaultPort: number): TestServer => {
  const script = join(__dirname, '..', '..', 'scripts', `${name}.sh`)
  const port = Number(process.env[portVariable] ?? defaultPort)
  const run = (command: string): number =>
    spawnSync('bash', [script, command], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, [portVariable]: String(port) } }).status ?? 1
  let startedHere = false
  return {
    name,
    host: '127.0.0.1',
    port,
    domain: 'localhost',
    muc: 'conference.localhost',
    start() {
      if (run('status') === 0) return
      if (run('start') !== 0) throw new Error(`could not start ${name} (scripts/${name}.sh start)`)
      startedHere = true
    },
    stop() {
      if (startedHere) run('stop')
      startedHere = false
    }
  }
}

/** Every server the integration suite runs against: Prosody first, then ejabberd. */
export const SERVERS: readonly TestServer[] = [
  testServer('prosody', 'PROSODY_PORT', 15222),
  testServer('ejabberd', 'EJABBERD_PORT', 15322)
]
