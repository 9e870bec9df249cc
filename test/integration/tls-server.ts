// The STARTTLS-required Prosody for integration tests (scripts/prosody.sh with PROSODY_TLS=1)
// on its own port: a certificate for `localhost` only (no IP address), signed by a private
// CA. Started unless it is already running, and then stopped only if started here.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const script = join(__dirname, '..', '..', 'scripts', 'prosody.sh')

/** Where the TLS Prosody listens (loopback), and its domain. */
export const TLS_SERVER = {
  port: Number(process.env.PROSODY_TLS_PORT ?? 15223),
  domain: 'localhost'
}

const env = { ...process.env, PROSODY_TLS: '1', PROSODY_PORT: String(TLS_SERVER.port) }
const run = (command: string): number =>
  spawnSync('bash', [script, command], { stdio: ['ignore', 'inherit', 'inherit'], env }).status ?? 1
let startedHere = false

/**
 * Starts the TLS Prosody if it is not running; resolves its CA files: `ca` signed the
 * server's certificate, `wrongCa` signed nothing.
 */
export const startTlsProsody = (): { ca: string; wrongCa: string } => {
  if (run('status') !== 0) {
    if (run('start') !== 0) throw new Error('could not start the TLS Prosody (PROSODY_TLS=1 scripts/prosody.sh start)')
    startedHere = true
  }
  const printed = spawnSync('bash', [script, 'env'], { env, encoding: 'utf8' }).stdout
  const value = (name: string): string => {
    const found = new RegExp(`^${name}=(.*)$`, 'm').exec(printed)?.[1]
    if (!found) throw new Error(`scripts/prosody.sh env printed no ${name}`)
    return found
  }
  return { ca: value('PROSODY_CA'), wrongCa: value('PROSODY_WRONG_CA') }
}

/** Stops the TLS Prosody if this process started it. */
export const stopTlsProsody = (): void => {
  if (startedHere) run('stop')
  startedHere = false
}
