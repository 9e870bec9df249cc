// `npm run example`: starts the project's Prosody (if it is not running) and the example web
// server, prints the URL, and stops both on Ctrl-C.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

import { startExampleServer } from './server'

const prosody = (command: string): number =>
  spawnSync('bash', [join(__dirname, '..', '..', 'scripts', 'prosody.sh'), command], { stdio: ['ignore', 'inherit', 'inherit'] }).status ?? 1

const main = async (): Promise<void> => {
  const wasRunning = prosody('status') === 0
  if (!wasRunning && prosody('start') !== 0) throw new Error('could not start Prosody')
  const server = await startExampleServer({ port: Number(process.env.EXAMPLE_PORT ?? 8080) })
  console.log(`\nxmpp-ftw-register example: open ${server.url}\n(Ctrl-C stops the web server${wasRunning ? '' : ' and Prosody'})`)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void server.close().finally(() => {
      if (!wasRunning) prosody('stop')
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
