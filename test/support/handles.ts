// Test-only: sockets and timers a flow leaves behind. Process-wide counts (other suites' late
// timers may come and go meanwhile), so the check waits a little for them to settle.
import { deepStrictEqual } from 'node:assert/strict'

const KINDS = ['TCPSocketWrap', 'TLSWrap', 'Timeout']

/** Active sockets and timers, by kind. */
export const handles = (): Record<string, number> => {
  const counts: Record<string, number> = Object.fromEntries(KINDS.map((kind) => [kind, 0]))
  for (const name of process.getActiveResourcesInfo()) if (name in counts) counts[name]!++
  return counts
}

/**
 * A snapshot to compare with later. Taken on the next turn, once mocha has started the timer
 * of the running test or hook (it does so after the function returned its promise).
 */
export const snapshot = async (): Promise<Record<string, number>> => {
  await new Promise((resolve) => setImmediate(resolve))
  return handles()
}

/** The kinds with more active handles than in `baseline` (none: {}). */
const excess = (baseline: Record<string, number>): Record<string, number> => {
  const now = handles()
  return Object.fromEntries(KINDS.filter((kind) => now[kind]! > baseline[kind]!).map((kind) => [kind, now[kind]! - baseline[kind]!]))
}

/** Fails when, within `ms`, the process never gets back to at most `baseline`'s sockets and timers. */
export const assertNothingLeft = async (baseline: Record<string, number>, ms = 1000): Promise<void> => {
  const until = Date.now() + ms
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    await new Promise((resolve) => setImmediate(resolve))
    const left = excess(baseline)
    if (Object.keys(left).length === 0 || Date.now() > until) {
      deepStrictEqual(left, {}, 'sockets or timers left behind')
      return
    }
  }
}
