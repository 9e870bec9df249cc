// `npm run bench`: in-process cost (ours / 1.1.8 / bare-ltx floor), round trips on the
// project's Prosody (plugin / raw IQ), memory after 100,000 timed-out and 100,000 answered
// requests, and the sign-up before login on the TLS Prosody (a whole sign-up through the
// plugin / SignupStream / by hand, 200 at once, memory after 1,000 abandoned). Writes
// bench/results/latest.json and latest.md, prints the tables.
import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'

import { TLS_PROSODY } from '../test/integration/prosody'
import { runInProcess, type InProcessRow } from './in-process'
import type { MemoryResult } from './memory'
import { runRoundTrip, type RoundTripResult } from './round-trip'
import { REDIS } from '../test/integration/redis'
import { runConcurrentSignups, runSignupRounds, type ConcurrentResult, type SignupRoundsResult } from './signup'
import { benchRedis, runLimitsCost, type LimitsCost } from './signup-limits'
import type { SignupMemoryResult } from './signup-memory'
import type { Target } from './signup-paths'

const root = join(__dirname, '..')
const prosody = (command: string): number =>
  spawnSync('bash', [join(root, 'scripts', 'prosody.sh'), command], { stdio: ['ignore', 'inherit', 'inherit'] }).status ?? 1

const f = (n: number, digits = 2): string => n.toFixed(digits)
const mark = (ok: boolean): string => (ok ? 'met' : 'missed')

interface LimitsResults { memory: LimitsCost; redis: LimitsCost; concurrent: ConcurrentResult }
interface SignupResults { rounds: SignupRoundsResult; concurrent: ConcurrentResult; memory: SignupMemoryResult; limits: LimitsResults }

const left = (counts: Record<string, number>): string =>
  Object.keys(counts).length === 0 ? '0' : Object.entries(counts).map(([kind, n]) => `${n} ${kind}`).join(', ')

const limitsMarkdown = (signupMs: number, { memory, redis, concurrent }: LimitsResults): string[] => [
  `**What the per-client limits add to one sign-up** (the limit calls one sign-up makes: count the get, take and touch a stream place, reserve an account place, free the stream place; default limits, each sequence on a fresh client, timed alone, median of ${memory.count}; ratio to the whole sign-up's median above, ${f(signupMs)} ms; target < 2 %)`,
  '',
  '| store | median ms | p90 ms | of one sign-up |',
  '| --- | ---: | ---: | ---: |',
  `| per-process memory | ${f(memory.medianMs, 3)} | ${f(memory.p90Ms, 3)} | ${f((100 * memory.medianMs) / signupMs, 2)} % ${mark(memory.medianMs / signupMs < 0.02)} |`,
  `| Redis 7 on loopback (ioredis) | ${f(redis.medianMs, 3)} | ${f(redis.p90Ms, 3)} | ${f((100 * redis.medianMs) / signupMs, 2)} % ${mark(redis.medianMs / signupMs < 0.02)} |`,
  '',
  `**${concurrent.signups} sign-ups at once with the limits on** (default limits on Redis, each socket its own client address; target 0 lost, 0 streams left, nothing left)`,
  '',
  '| wall ms | median / p90 ms | gateway CPU ms per sign-up | lost | streams left | sockets, timers left |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
  `| ${Math.round(concurrent.wallMs)} | ${Math.round(concurrent.plugin.medianMs)} / ${Math.round(concurrent.plugin.p90Ms)} | ${f(concurrent.cpuMsPerSignup, 1)} | ${concurrent.lost} ${mark(concurrent.lost === 0)} | ${concurrent.streamsLeft} ${mark(concurrent.streamsLeft === 0)} | ${left(concurrent.handlesLeft)} |`,
  ''
]

const signupMarkdown = ({ rounds, concurrent, memory, limits }: SignupResults): string[] => [
  `**Sign-up before login on Prosody with STARTTLS required** (connect, features, STARTTLS with the certificate verified, get, set, close; median of ${rounds.rounds} interleaved rounds, order rotated; target plugin ≤ 1.05× by hand)`,
  '',
  '| path | median ms | p90 ms | plugin / path |',
  '| --- | ---: | ---: | ---: |',
  `| socket events through the plugin (xmpp-ftw 2.0.0) | ${f(rounds.plugin.medianMs)} | ${f(rounds.plugin.p90Ms)} | |`,
  `| SignupStream directly | ${f(rounds.signupStream.medianMs)} | ${f(rounds.signupStream.p90Ms)} | ${f(rounds.pluginToSignupStream, 3)}× ${mark(rounds.pluginToSignupStream <= 1.05)} |`,
  `| by hand on @xmpp/connection-tcp (openStream, two IQs, close) | ${f(rounds.byHand.medianMs)} | ${f(rounds.byHand.p90Ms)} | ${f(rounds.pluginToByHand, 3)}× ${mark(rounds.pluginToByHand <= 1.05)} |`,
  '',
  `**${concurrent.signups} sign-ups at once through the plugin** (each on its own socket, \`maxStreams: ${concurrent.signups}\`; target 0 lost, 0 streams left)`,
  '',
  '| wall ms | median / p90 ms | gateway CPU ms per sign-up | lost | streams left | sockets, timers left |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
  `| ${Math.round(concurrent.wallMs)} | ${Math.round(concurrent.plugin.medianMs)} / ${Math.round(concurrent.plugin.p90Ms)} | ${f(concurrent.cpuMsPerSignup, 1)} | ${concurrent.lost} ${mark(concurrent.lost === 0)} | ${concurrent.streamsLeft} ${mark(concurrent.streamsLeft === 0)} | ${left(concurrent.handlesLeft)} |`,
  '',
  `**Memory after ${memory.signups.toLocaleString('en')} abandoned sign-ups** (the socket gone mid-flow: while the stream opens, once open, waiting for the set's answer, \`end\`; heap used after \`global.gc()\`; target within 1 MiB, nothing left)`,
  '',
  '| heap start KiB | after KiB | change KiB | streams left | sockets, timers left | callbacks never called |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
  `| ${memory.baselineKiB} | ${memory.afterKiB} | ${memory.deltaKiB} ${mark(Math.abs(memory.deltaKiB) <= 1024)} | ${memory.streamsLeft} | ${left(memory.handlesLeft)} | ${memory.callbacksMissing} |`,
  '',
  ...limitsMarkdown(rounds.plugin.medianMs, limits)
]

const markdown = (machine: string, inProcess: InProcessRow[], roundTrip: RoundTripResult, memory: MemoryResult, signup: SignupResults): string => {
  const lines = [
    `Machine: ${machine}`,
    '',
    '**In-process cost per operation** (request build + reply parse; median µs over rounds; ratio of medians; targets ≤ 1.0× of 1.1.8, ≤ 3× of the floor)',
    '',
    '| operation | ours µs (p99) | ours ops/s | 1.1.8 µs (p99) | floor µs (p99) | ours / 1.1.8 | ours / floor |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...inProcess.map((r) => `| ${r.scenario} | ${f(r.ours.medianUs)} (${f(r.ours.p99Us)}) | ${Math.round(r.ours.opsPerSec).toLocaleString('en')} | ${f(r.v118.medianUs)} (${f(r.v118.p99Us)}) | ${f(r.floor.medianUs)} (${f(r.floor.p99Us)}) | ${f(r.oursToV118)}× ${mark(r.oursToV118 <= 1)} | ${f(r.oursToFloor)}× ${mark(r.oursToFloor <= 3)} |`),
    '',
    '**Round trip on Prosody** (socket event → callback, through xmpp-ftw 2.0.0 with the plugin, against the same IQ by hand with `manager.trackId` + `client.send`, interleaved; target ≤ 1.05×, 0 lost)',
    '',
    '| run | plugin median / p99 ms | raw median / p99 ms | plugin / raw | lost |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| ${roundTrip.sequential.plugin.count + roundTrip.sequential.plugin.lost} sequential | ${f(roundTrip.sequential.plugin.medianMs, 3)} / ${f(roundTrip.sequential.plugin.p99Ms, 3)} | ${f(roundTrip.sequential.raw.medianMs, 3)} / ${f(roundTrip.sequential.raw.p99Ms, 3)} | ${f(roundTrip.sequential.ratio, 3)}× ${mark(roundTrip.sequential.ratio <= 1.05)} | ${roundTrip.sequential.plugin.lost + roundTrip.sequential.raw.lost} |`,
    `| ${roundTrip.concurrent.plugin.count + roundTrip.concurrent.plugin.lost} concurrent (+ as many raw) | ${f(roundTrip.concurrent.plugin.medianMs, 1)} / ${f(roundTrip.concurrent.plugin.p99Ms, 1)} | ${f(roundTrip.concurrent.raw.medianMs, 1)} / ${f(roundTrip.concurrent.raw.p99Ms, 1)} | ${f(roundTrip.concurrent.ratio, 3)}× ${mark(roundTrip.concurrent.ratio <= 1.05)} | ${roundTrip.concurrent.plugin.lost + roundTrip.concurrent.raw.lost} |`,
    '',
    `**Memory** (heap used after \`global.gc()\`, against the start; target within 1 MiB, no timers left)`,
    '',
    '| after | heap KiB | change KiB | timers left | requests pending |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| start | ${memory.baselineKiB} | | | |`,
    `| ${memory.requests.toLocaleString('en')} timed out | ${memory.afterTimeoutsKiB} | ${memory.deltaTimeoutsKiB} ${mark(Math.abs(memory.deltaTimeoutsKiB) <= 1024)} | | |`,
    `| ${memory.requests.toLocaleString('en')} answered | ${memory.afterAnsweredKiB} | ${memory.deltaAnsweredKiB} ${mark(Math.abs(memory.deltaAnsweredKiB) <= 1024)} | ${memory.timersLeft} | ${memory.pendingLeft} |`,
    '',
    ...signupMarkdown(signup)
  ]
  return lines.join('\n')
}

const main = async (): Promise<void> => {
  const cpu = cpus()
  const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
  console.log(`bench on ${machine}`)
  console.log('in-process…')
  const inProcess = await runInProcess()
  console.log('memory…')
  const memory = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--require', require.resolve('tsx/cjs'), join(__dirname, 'memory.ts')], { encoding: 'utf8' })) as MemoryResult
  console.log('round trips on Prosody…')
  const wasRunning = prosody('status') === 0
  if (!wasRunning && prosody('start') !== 0) throw new Error('could not start Prosody')
  let roundTrip: RoundTripResult
  try {
    roundTrip = await runRoundTrip()
  } finally {
    if (!wasRunning) prosody('stop')
  }
  console.log('sign-ups on the TLS Prosody…')
  TLS_PROSODY.start()
  let signup: SignupResults
  try {
    const target: Target = { host: '127.0.0.1', port: TLS_PROSODY.port, ca: TLS_PROSODY.pem('PROSODY_CA'), domain: 'localhost' }
    const rounds = await runSignupRounds(target)
    const concurrent = await runConcurrentSignups(target)
    const signupMemory = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--require', require.resolve('tsx/cjs'), join(__dirname, 'signup-memory.ts')], { encoding: 'utf8' })) as SignupMemoryResult
    console.log('the limits, in memory and on Redis…')
    REDIS.start()
    const redis = await benchRedis(REDIS.port)
    const keyPrefix = `bench-concurrent-${process.pid}-${Date.now()}`
    try {
      const limits: LimitsResults = {
        memory: await runLimitsCost(undefined),
        redis: await runLimitsCost(redis),
        concurrent: await runConcurrentSignups(target, undefined, (i) => ({
          limits: { redis, keyPrefix },
          clientAddress: `198.18.${(i >> 8) & 255}.${i & 255}`
        }))
      }
      signup = { rounds, concurrent, memory: signupMemory, limits }
    } finally {
      await redis.quit()
      REDIS.stop()
    }
  } finally {
    TLS_PROSODY.stop()
  }
  const table = markdown(machine, inProcess, roundTrip, memory, signup)
  writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify({ machine, inProcess, roundTrip, memory, signup }, null, 2) + '\n')
  writeFileSync(join(__dirname, 'results', 'latest.md'), table)
  console.log(`\n${table}`)
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e)
  process.exit(1)
})
