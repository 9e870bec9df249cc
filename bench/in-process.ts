// In-process cost per operation (request build + reply parse), side by side in one run:
// this package, xmpp-ftw-register 1.1.8, and a bare-ltx floor. tinybench with warm-up.
import { floor, ours, v1, type Driver } from './drivers'
import { SCENARIOS } from './fixtures'

export interface Measure { opsPerSec: number; medianUs: number; p99Us: number; samples: number }
export interface InProcessRow {
  scenario: string
  ours: Measure
  v118: Measure
  floor: Measure
  /** Median time ratios. */
  oursToV118: number
  oursToFloor: number
}

const measure = (task: { result?: unknown }): Measure => {
  const r = task.result as { latency: { p50: number; p99: number; samplesCount?: number; samples?: number[] }; throughput: { mean: number } }
  return {
    opsPerSec: r.throughput.mean,
    medianUs: r.latency.p50 * 1000,
    p99Us: r.latency.p99 * 1000,
    samples: r.latency.samplesCount ?? r.latency.samples?.length ?? 0
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/**
 * Runs every scenario × implementation in `rounds` rounds, the task order rotated each
 * round, so that drift on a shared machine falls on all of them alike; each figure is the
 * median over the rounds.
 */
export const runInProcess = async (options: { time?: number; rounds?: number } = {}): Promise<InProcessRow[]> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ours = require('../dist') as Parameters<typeof ours>[0]
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const V1 = require('xmpp-ftw-register-1') as Parameters<typeof v1>[0]
  const drivers: Array<[string, Driver]> = [['ours', ours(Ours)], ['v118', v1(V1)], ['floor', floor]]
  // Every driver must do the job: a result for each scenario.
  for (const scenario of SCENARIOS) {
    for (const [name, drive] of drivers) {
      if (drive(scenario) === undefined) throw new Error(`${name} gave no result for ${scenario.name}`)
    }
  }
  const { Bench } = await import('tinybench')
  const tasks: Array<[string, () => void]> = []
  for (const scenario of SCENARIOS) {
    for (const [name, drive] of drivers) tasks.push([`${scenario.name}|${name}`, () => { drive(scenario) }])
  }
  const rounds = options.rounds ?? 5
  const results = new Map<string, Measure[]>()
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: options.time ?? 200, warmupTime: round === 0 ? 150 : 50, warmupIterations: round === 0 ? 2000 : 200 })
    const shift = (round * 7) % tasks.length
    for (const [name, fn] of [...tasks.slice(shift), ...tasks.slice(0, shift)]) bench.add(name, fn)
    await bench.run()
    for (const task of bench.tasks) {
      const list = results.get(task.name) ?? []
      list.push(measure(task))
      results.set(task.name, list)
    }
  }
  const combined = (name: string): Measure => {
    const list = results.get(name)!
    const medianUs = median(list.map((m) => m.medianUs))
    return { opsPerSec: 1e6 / medianUs, medianUs, p99Us: median(list.map((m) => m.p99Us)), samples: list.reduce((n, m) => n + m.samples, 0) }
  }
  return SCENARIOS.map((scenario) => {
    const get = (name: string): Measure => combined(`${scenario.name}|${name}`)
    const row = { scenario: scenario.name, ours: get('ours'), v118: get('v118'), floor: get('floor') }
    return { ...row, oursToV118: row.ours.medianUs / row.v118.medianUs, oursToFloor: row.ours.medianUs / row.floor.medianUs }
  })
}
