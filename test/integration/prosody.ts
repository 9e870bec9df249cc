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

/**
 * The STARTTLS-required Prosody (scripts/prosody.sh with PROSODY_TLS=1) on its own port: a
 * certificate for `localhost` only (no IP address), signed by a private CA; `ca` trusts it,
 * `wrongCa` is another CA that signed nothing.
 */
export const TLS_SERVER = {
  port: Number(process.env.PROSODY_TLS_PORT ?? 15223),
  domain: 'localhost'
}

const control = (port: number, extra: Record<string, string> = {}) => (command: string): number =>
  spawnSync('bash', [script, command], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extra, PROSODY_PORT: String(port) } }).status ?? 1
const run = control(SERVER.port)

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

const runTls = control(TLS_SERVER.port, { PROSODY_TLS: '1' })
let tlsStartedHere = false

/** Starts the STARTTLS-required Prosody if it is not running; resolves its CA files. */
export const startTlsProsody = (): { ca: string; wrongCa: string } => {
  if (runTls('status') !== 0) {
    if (runTls('start') !== 0) throw new Error('could not start the TLS Prosody (PROSODY_TLS=1 scripts/prosody.sh start)')
    tlsStartedHere = true
  }
  const env = spawnSync('bash', [script, 'env'], { env: { ...process.env, PROSODY_TLS: '1', PROSODY_PORT: String(TLS_SERVER.port) }, encoding: 'utf8' }).stdout
  const value = (name: string): string => {
    const found = new RegExp(`^${name}=(.*)$`, 'm').exec(env)?.[1]
    if (!found) throw new Error(`scripts/prosody.sh env printed no ${name}`)
    return found
  }
  return { ca: value('PROSODY_CA'), wrongCa: value('PROSODY_WRONG_CA') }
}

/** Stops the STARTTLS-required Prosody if this process started it. */
export const stopTlsProsody = (): void => {
  if (tlsStartedHere) runTls('stop')
  tlsStartedHere = false
}
