// The project's Prosody for integration tests (the first of ./servers' SERVERS), for callers
// that need only Prosody: the web page's browser test, the benchmarks.
import { SERVERS, type TestServer } from './servers'

/** Where the test Prosody listens, and its domains. */
export const SERVER: TestServer = SERVERS[0]!

/** Starts Prosody if it is not running. */
export const startProsody = (): void => SERVER.start()

/** Stops Prosody if this process started it. */
export const stopProsody = (): void => SERVER.stop()
