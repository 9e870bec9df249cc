// The project's real XMPP servers for integration tests: Prosody (scripts/prosody.sh) and
// ejabberd (scripts/ejabberd.sh), each on its own loopback port. A server is started unless it
// is already running (as .ci/run starts both), and then stopped only if started here. Opt-in
// variants of each script (TLS required, invite-only) run as further instances on other ports.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The servers the project's scripts run. */
export type ServerName = 'prosody' | 'ejabberd'

/** One test server: where it listens, its domains, and how to start and stop it. */
export interface TestServer {
  name: ServerName
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

/** One private server of scripts/<name>.sh: its port (`<NAME>_PORT`) and opt-in variant (more variables). */
export class ServerInstance {
  private startedHere = false
  /** Suites that called start() and not yet stop(): the last one to stop stops the server. */
  private users = 0

  constructor(readonly name: ServerName | 'redis', readonly port: number, private readonly variant: Record<string, string> = {}) {}

  /** Runs `scripts/<name>.sh <command> <args…>` for this instance. */
  protected run(command: string, stdout: 'inherit' | 'pipe' = 'inherit', args: string[] = []): { status: number; stdout: string } {
    const script = join(__dirname, '..', '..', 'scripts', `${this.name}.sh`)
    const result = spawnSync('bash', [script, command, ...args], {
      stdio: ['ignore', stdout, 'inherit'],
      encoding: 'utf8',
      env: { ...process.env, ...this.variant, [`${this.name.toUpperCase()}_PORT`]: String(this.port) }
    })
    return { status: result.status ?? 1, stdout: result.stdout ?? '' }
  }

  /** Starts it if it is not running; throws when it cannot. Each start() wants one stop(). */
  start(): void {
    if (this.run('status').status !== 0) {
      if (this.run('start').status !== 0) throw new Error(`could not start ${this.name} on port ${this.port} (scripts/${this.name}.sh start)`)
      this.startedHere = true
    }
    this.users++
  }

  /**
   * Stops it if this process started it and no other suite still uses it (suites in other files
   * share the instance: one suite's after hook must not stop it under another's tests).
   */
  stop(): void {
    if (this.users > 0) this.users--
    if (this.users > 0) return
    if (this.startedHere) this.run('stop')
    this.startedHere = false
  }

  /** The variables `scripts/<name>.sh env` prints (e.g. PROSODY_CA or EJABBERD_CA with TLS). */
  env(): Record<string, string> {
    const lines = this.run('env', 'pipe').stdout.trim().split('\n')
    return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]))
  }

  /** A PEM file named by `env()` (e.g. PROSODY_CA). */
  pem(name: string): Buffer {
    return readFileSync(this.env()[name]!)
  }
}

const testServer = (name: ServerName, defaultPort: number): TestServer => {
  const instance = new ServerInstance(name, Number(process.env[`${name.toUpperCase()}_PORT`] ?? defaultPort))
  return {
    name,
    host: '127.0.0.1',
    port: instance.port,
    domain: 'localhost',
    muc: 'conference.localhost',
    start: () => instance.start(),
    stop: () => instance.stop()
  }
}

/** Every server the integration suite runs against: Prosody first, then ejabberd. */
export const SERVERS: readonly TestServer[] = [
  testServer('prosody', 15222),
  testServer('ejabberd', 15322)
]
