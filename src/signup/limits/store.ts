/**
 * One limit of the sign-up before login (issue 16; XEP-0077 In-Band Registration through the
 * gateway) on rate-limiter-flexible's stores: Redis, shared by every process, when the operator
 * gives an ioredis client, else the per-process memory. Every Redis call is bounded by the
 * limits' `timeout` (rate-limiter-flexible has no per-call timeout; a frozen Redis never
 * errors); on an error or no answer in time the per-process memory limiter answers, one log
 * line goes out, and Redis is tried again in the background now and then.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'

/** The names of the limits. */
export type LimitName = 'accounts' | 'accountsTotal' | 'streams' | 'gets'

type Limiter = RateLimiterMemory | RateLimiterRedis
type Op = 'consume' | 'reward' | 'penalty' | 'get'

/** Redis up or down, shared by all limits of one set: one log line per change. */
export class StoreHealth {
  down = false
  private probing = false
  private lastProbe = 0

  constructor(private readonly log: (line: string) => void, private readonly retryInterval: number) {}

  failed(reason: string): void {
    if (this.down) return
    this.down = true
    this.lastProbe = Date.now()
    this.log(`sign-up limits: Redis failed (${reason}); per-process limits until it answers again`)
  }

  answered(): void {
    if (!this.down) return
    this.down = false
    this.log('sign-up limits: Redis answers again; limits are shared again')
  }

  /** While down: true at most once per `retryInterval`, for one background probe at a time. */
  probeDue(): boolean {
    if (!this.down || this.probing || Date.now() - this.lastProbe < this.retryInterval) return false
    this.probing = true
    this.lastProbe = Date.now()
    return true
  }

  probeDone(): void {
    this.probing = false
  }
}

const TIMED_OUT = Symbol('timed out')

/** Races `promise` with a timer that is always cleared. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** What a limiter call gave: its result, granted or not, and the store that holds the change. */
interface Answer {
  res: RateLimiterRes
  granted: boolean
  store: Limiter
}

/** A place taken: where, and until when its store window lasts (ms since the epoch). */
export interface Taken {
  store: Limiter
  until: number
}

/** A refusal: the store's own time until a place frees, in ms. */
export interface Over {
  msBeforeNext: number
}

/** An ioredis client (or cluster), as far as the limits check it; rate-limiter-flexible does the rest. */
export interface RedisClient {
  defineCommand(...args: never[]): unknown
}

/** One limit: the shared limiter (Redis) and the per-process one (memory) that answers when Redis fails. */
export class Limit {
  private readonly shared: RateLimiterRedis | undefined
  private readonly local: RateLimiterMemory
  /** A give-back this close to the window's end is skipped (see {@link give}). */
  private readonly margin: number

  constructor(
    readonly name: LimitName, readonly points: number, duration: number, keyPrefix: string,
    redis: RedisClient | undefined, private readonly health: StoreHealth, private readonly timeout: number
  ) {
    const options = { points, duration, keyPrefix: `${keyPrefix}:${name}` }
    this.local = new RateLimiterMemory(options)
    // No insuranceLimiter: this class chooses the store itself, so that a place is given back
    // where it was taken, and a Redis that does not answer (no error) falls back too.
    if (redis !== undefined) this.shared = new RateLimiterRedis({ ...options, storeClient: redis })
    this.margin = Math.min(timeout, duration * 100)
  }

  /** Runs `op` on the store that answers; a rejection with a RateLimiterRes is "not granted". */
  private async call(op: Op, key: string, on?: Limiter, background = false): Promise<Answer> {
    const store = on ?? this.pick(key)
    if (store === this.local) return this.run(this.local, op, key)
    // Giving back to a Redis that is down: not worth a wait; the place expires with its window.
    if (on !== undefined && this.health.down && !background) return this.nothing(store)
    const attempt = this.run(store, op, key)
    let answer: Answer | typeof TIMED_OUT
    try {
      answer = await within(attempt, this.timeout)
    } catch (e) {
      this.health.failed(e instanceof Error ? e.message : String(e))
      return on === undefined ? this.run(this.local, op, key) : this.nothing(store)
    }
    if (answer === TIMED_OUT) {
      this.health.failed(`no answer within ${this.timeout} ms`)
      // A consume that lands in Redis after all took a place nobody holds: give it back then.
      if (op === 'consume') void attempt.then((late) => this.undo(late, key), () => undefined)
      return on === undefined ? this.run(this.local, op, key) : this.nothing(store)
    }
    this.health.answered()
    return answer
  }

  /** Redis while it is up; while it is down the memory limiter, with one background probe now and then. */
  private pick(key: string): Limiter {
    if (this.shared === undefined) return this.local
    if (!this.health.down) return this.shared
    if (this.health.probeDue()) {
      void within(this.shared.get(key), this.timeout)
        .then((r) => {
          if (r !== TIMED_OUT) this.health.answered()
        }, () => undefined)
        .finally(() => this.health.probeDone())
    }
    return this.local
  }

  private async run(store: Limiter, op: Op, key: string): Promise<Answer> {
    try {
      const res = op === 'get' ? await store.get(key) : await store[op](key, 1)
      return { res: res ?? new RateLimiterRes(this.points, 0, 0, false), granted: true, store }
    } catch (e) {
      if (e instanceof RateLimiterRes) return { res: e, granted: false, store }
      throw e
    }
  }

  /** A give-back that could not reach its store: the place expires with the store's window. */
  private nothing(store: Limiter): Answer {
    return { res: new RateLimiterRes(0, 0, 0, false), granted: true, store }
  }

  /** Gives back what a consume added (granted or not), while its window lasts. */
  private async undo(answer: Answer, key: string): Promise<void> {
    if (answer.res.msBeforeNext <= 0) return
    await this.call('reward', key, answer.store, true).catch(() => undefined)
  }

  /**
   * Takes one place. A refusal gives its own increment back at once when `undoRefusal`
   * (rate-limiter-flexible counts a refused consume, which would keep a later give-back from
   * freeing a place); counted requests (gets) keep it.
   */
  async take(key: string, undoRefusal: boolean): Promise<Taken | Over> {
    const answer = await this.call('consume', key)
    if (!answer.granted) {
      if (undoRefusal) await this.undo(answer, key)
      return { msBeforeNext: answer.res.msBeforeNext }
    }
    return { store: answer.store, until: Date.now() + answer.res.msBeforeNext }
  }

  /** Gives one place back to the store that holds it, unless its window has ended (the key is gone). */
  async give(key: string, taken: Taken): Promise<void> {
    // A reward after the key expired would start a new window at -1: one place too many. The
    // margin covers the reward's own trip (at most the timeout, at most a tenth of the window).
    if (Date.now() + this.margin >= taken.until) return
    await this.call('reward', key, taken.store).catch(() => undefined)
  }

  /** Takes a place again without refusing (a stream still open in a new window). */
  async retake(key: string): Promise<Taken> {
    const answer = await this.call('penalty', key)
    return { store: answer.store, until: Date.now() + answer.res.msBeforeNext }
  }
}
