// The project's Prosody for integration tests: started by scripts/prosody.sh unless it is
// already running (as .ci/run starts it), and then stopped only if started here. The sign-up
// tests also use two opt-in variants on the next ports: STARTTLS required (PROSODY_TLS=1) and,
// on top of it, invite-only registration (PROSODY_INVITES=1).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { SERVERS, type TestServer } from './servers'

const script = join(__dirname, '..', '..', 'scripts', 'prosody.sh')

/** Where the test Prosody listens, and its domains (the first of ./servers' SERVERS). */
export const SERVER: TestServer = SERVERS[0]!

/** One private Prosody of scripts/prosody.sh: its port and opt-in variant. */
export class ProsodyInstance {
  private startedHere = false

  constructor(readonly port: number, private readonly variant: Record<string, string> = {}) {}

  private run(command: string, stdout: 'inherit' | 'pipe' = 'inherit'): { status: number; stdout: string } {
    const result = spawnSync('bash', [script, command], {
      stdio: ['ignore', stdout, 'inherit'],
      encoding: 'utf8',
      env: { ...process.env, ...this.variant, PROSODY_PORT: String(this.port) }
    })
    return { status: result.status ?? 1, stdout: result.stdout ?? '' }
  }

  /** Starts it if it is not running. */
  start(): void {
    if (this.run('status').status === 0) return
    if (this.run('start').status !== 0) throw new Error(`could not start Prosody on port ${this.port} (scripts/prosody.sh start)`)
    this.startedHere = true
  }

  /** Stops it if this process started it. */
  stop(): void {
    if (this.startedHere) this.run('stop')
    this.startedHere = false
  }

  /** The variables `scripts/prosody.sh env` prints (PROSODY_DIR, and PROSODY_CA with TLS). */
  env(): Record<string, string> {
    const lines = this.run('env', 'pipe').stdout.trim().split('\n')
    return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]))
  }

  /** A PEM file named by `env()` (e.g. PROSODY_CA). */
  pem(name: string): Buffer {
    return readFileSync(this.env()[name]!)
  }

  /** A new invite URI from the running invite-only variant (prosodyctl mod_invites generate). */
  invite(): string {
    const uri = this.run('invite', 'pipe').stdout.trim()
    if (!uri.startsWith('xmpp:')) throw new Error('scripts/prosody.sh invite gave no URI')
    return uri
  }
}


/** Prosody with STARTTLS required (a certificate for `localhost` from a private CA). */
export const TLS_PROSODY = new ProsodyInstance(SERVER.port + 1, { PROSODY_TLS: '1' })

/** Prosody with STARTTLS required and invite-only registration. */
export const INVITE_PROSODY = new ProsodyInstance(SERVER.port + 2, { PROSODY_TLS: '1', PROSODY_INVITES: '1' })

/** Starts Prosody if it is not running. */
export const startProsody = (): void => SERVER.start()

/** Stops Prosody if this process started it. */
export const stopProsody = (): void => SERVER.stop()
