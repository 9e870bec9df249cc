// The project's Redis for the tests of the shared sign-up limits (issue 16): started by
// scripts/redis.sh unless it is already running (as .ci/run starts it), and then stopped only
// if started here; REDIS_PORT as the XMPP servers' ports (default 16379). The outage tests stop
// it, freeze it (SIGSTOP) and bring it back mid-run.
import { readFileSync } from 'node:fs'

import { ServerInstance } from './servers'

/** A private Redis of scripts/redis.sh. */
export class RedisInstance extends ServerInstance {
  constructor(port: number) {
    super('redis', port)
  }

  /** Stops it now (mid-run), whoever started it; `start()` brings it back (an empty store). */
  kill(): void {
    if (this.run('stop').status !== 0) throw new Error('scripts/redis.sh stop failed')
  }

  /** Starts it again after `kill()`. */
  revive(): void {
    if (this.run('start').status !== 0) throw new Error('scripts/redis.sh start failed')
  }

  /** Sends SIGSTOP (`true`: frozen, connections open, no answers) or SIGCONT. */
  freeze(frozen: boolean): void {
    const pid = Number(readFileSync(`${this.env().REDIS_DIR}/redis.pid`, 'utf8'))
    process.kill(pid, frozen ? 'SIGSTOP' : 'SIGCONT')
  }
}

/** The test Redis. */
export const REDIS = new RedisInstance(Number(process.env.REDIS_PORT ?? 16379))
