// The load run's one table: journeys/s, each step's p50/p95/p99, errors by condition, each
// process's CPU and memory, the bottleneck named, and the accounts left behind.
import { availableParallelism } from 'node:os'

import { STEPS, type Step } from './journey'

/** One process's share of the run. */
export interface ProcessRow { name: string; cpuMs: number; rssMiB: number; peakMiB?: number }

/** What a run measured. */
export interface RunResult {
  title: string
  ok: number
  failed: number
  restarts: number
  /** Journeys whose browser was never given an outcome (no answer, stuck): must be 0. */
  lost: number
  wallMs: number
  samples: Map<Step, number[]>
  /** "step: condition" → count, and the first description. */
  errors: Map<string, { count: number; description: string }>
  processes: ProcessRow[]
  /** The machine's busy cores over the run (`/proc/stat`), ours and others'. */
  machineBusy: number
  /** Accounts left: name → 'removed', 'absent' or what went wrong. */
  left: Map<string, string>
}

const quantile = (sorted: number[], q: number): number => sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
const ms = (n: number): string => Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(0)

/** A Markdown table; the columns in `right` right-aligned. */
export const table = (head: string[], rows: Array<Array<string | number>>, right = new Set<number>()): string => {
  const cells = [head, ...rows.map((r) => r.map(String))]
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string => `| ${r.map((c, i) => right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)).join(' | ')} |`
  return [line(head), `| ${widths.map((w, i) => right.has(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)).join(' | ')} |`, ...rows.map((r) => line(r.map(String)))].join('\n')
}

/** The bottleneck in one sentence, from the processes' and the machine's busy cores. */
export const bottleneck = (processes: ProcessRow[], wallMs: number, machineBusy: number, cores = availableParallelism()): string => {
  const busy = processes.map((p) => ({ name: p.name, cores: p.cpuMs / wallMs })).sort((a, b) => b.cores - a.cores)
  const ours = busy.reduce((sum, p) => sum + p.cores, 0)
  const top = busy[0] ?? { name: 'none', cores: 0 }
  const others = `the whole machine was ${machineBusy.toFixed(2)} of ${cores} cores busy (others: ${Math.max(0, machineBusy - ours).toFixed(2)})`
  if (top.cores >= 0.85) return `${top.name}: it kept ${(top.cores * 100).toFixed(0)}% of one core busy (a single-threaded process at its limit); ${others}`
  if (machineBusy >= 0.85 * cores) return `the machine's CPU: ${machineBusy.toFixed(2)} of ${cores} cores busy, ${ours.toFixed(2)} of them in these processes (others: ${Math.max(0, machineBusy - ours).toFixed(2)}), ${top.name} most`
  return `no process was CPU-bound (${top.name} at ${(top.cores * 100).toFixed(0)}% of a core; ${others}): journeys/s is concurrency / journey latency, mostly waiting on the XMPP server (account.get and login: a TLS handshake each)`
}

/** The report as printed. */
export const renderReport = (r: RunResult): string => {
  const wallS = r.wallMs / 1000
  const out: string[] = [`\n## Load: ${r.title}\n`]
  out.push(table(['journeys ok', 'failed', 'lost', 'restarts', 'wall s', 'journeys/s'], [[r.ok, r.failed, r.lost, r.restarts, wallS.toFixed(1), (r.ok / wallS).toFixed(2)]], new Set([0, 1, 2, 3, 4, 5])))
  out.push('')
  out.push(table(['step', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], STEPS.map((step) => {
    const sorted = [...r.samples.get(step) ?? []].sort((a, b) => a - b)
    return [step, sorted.length, ms(quantile(sorted, 0.5)), ms(quantile(sorted, 0.95)), ms(quantile(sorted, 0.99)), ms(sorted[sorted.length - 1] ?? NaN)]
  }), new Set([1, 2, 3, 4, 5])))
  out.push('')
  if (r.errors.size === 0) out.push('Errors: none')
  else out.push(table(['errors by step: condition', 'count', 'first description'], [...r.errors].sort((a, b) => b[1].count - a[1].count).map(([k, v]) => [k, v.count, v.description.replace(/\|/g, '/').slice(0, 100)]), new Set([1])))
  out.push('')
  const rows = [...r.processes].sort((a, b) => b.cpuMs - a.cpuMs)
  out.push(table(['process', 'CPU ms', 'CPU ms / journey', 'cores busy', 'RSS MiB', 'peak RSS MiB'], rows.map((p) =>
    [p.name, p.cpuMs.toFixed(0), r.ok > 0 ? (p.cpuMs / r.ok).toFixed(1) : '–', (p.cpuMs / r.wallMs).toFixed(2), p.rssMiB.toFixed(0), p.peakMiB === undefined ? '–' : p.peakMiB.toFixed(0)]), new Set([1, 2, 3, 4, 5])))
  out.push(`\nBottleneck: ${bottleneck(r.processes, r.wallMs, r.machineBusy)}.`)
  const results = [...r.left.values()]
  const removed = results.filter((v) => v === 'removed').length
  const absent = results.filter((v) => v === 'absent').length
  out.push(`\nAccounts a journey may have left (made, or its answer lost): ${r.left.size}` + (r.left.size === 0 ? '' :
    `: ${removed} existed and were removed now, ${absent} did not exist, ${r.left.size - removed - absent} could not be removed\n  ${[...r.left].map(([n, v]) => `${n}: ${v}`).join('\n  ')}`))
  return out.join('\n')
}

/** The summary `--json` writes. */
export const summary = (r: RunResult): Record<string, unknown> => ({
  ok: r.ok, failed: r.failed, lost: r.lost, restarts: r.restarts, wallMs: Math.round(r.wallMs),
  errors: Object.fromEntries([...r.errors].map(([k, v]) => [k, v.count])),
  left: Object.fromEntries(r.left),
  notRemoved: [...r.left.values()].filter((v) => v !== 'removed' && v !== 'absent').length,
  cpuMs: Object.fromEntries(r.processes.map((p) => [p.name, Math.round(p.cpuMs)]))
})
