// The project's Prosody for integration tests: started by scripts/prosody.sh unless it is
// already running (as .ci/run starts it), and then stopped only if started here.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const script = join(__dirname, '..', '..', 'scripts', 'prosody.sh')

/** Where the test server listens, and its domains. */
export const SERVER = {
  host: '127.0.0.1',
  port: Number(process.env.PROSODY_PORT ?? 15222),
  domain: 'localhost',
  muc: 'conference.localhost'
}

const run = (command: string): number =>
  spawnSync('bash', [script, command], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PROSODY_PORT: String(SERVER.port) } }).status ?? 1

let startedHere = false

/** Starts Prosody if it is not running. */
export const startProsody = (): void => {
  if (run('status') === 0) return
  if (run('start') !== 0) throw new Error('could not start Prosody (scripts/prosody.sh start)')
  startedHere = true
}

/** Stops Prosody if this process started it. */
export const stopProsody = (): void => {
  if (startedHere) run('stop')
  startedHere = false
}
