// CPU time and memory of processes from /proc (Linux): for the load tool's table.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100
const PAGE = 4096

/** One process's parent, name, CPU time (user + system) and resident memory. */
export interface ProcStat { pid: number; ppid: number; comm: string; cpuMs: number; rssMiB: number }

/** `/proc/<pid>/stat` read, or undefined when the process is gone. */
export const procStat = (pid: number): ProcStat | undefined => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const close = text.lastIndexOf(')')
    const comm = text.slice(text.indexOf('(') + 1, close)
    // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15, rss 24.
    const rest = text.slice(close + 2).split(' ')
    return { pid, ppid: Number(rest[1]), comm, cpuMs: ((Number(rest[11]) + Number(rest[12])) * 1000) / CLOCK_TICKS, rssMiB: (Number(rest[21]) * PAGE) / 1048576 }
  } catch {
    return undefined
  }
}

/** The whole machine's CPU time so far, busy and total, in ticks (`/proc/stat`). */
export const machineCpu = (): { busy: number; total: number } => {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number)
  const total = fields.reduce((a, b) => a + b, 0)
  return { busy: total - fields[3]! - fields[4]!, total }
}

/** Peak RSS (VmHWM) in MiB, or undefined when the process is gone. */
export const peakRss = (pid: number): number | undefined => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]) / 1024
  } catch {
    return undefined
  }
}

/** The node processes whose parent is `pid` (a cluster's workers). */
export const nodeChildren = (pid: number): number[] => readdirSync('/proc')
  .filter((name) => /^\d+$/.test(name))
  .map((name) => procStat(Number(name)))
  .filter((s): s is ProcStat => s !== undefined && s.ppid === pid && s.comm === 'node')
  .map((s) => s.pid)
