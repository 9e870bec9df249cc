// Headless Chromium for the browser tests: Debian's (scripts/chromium.sh installs it when
// missing), driven by playwright-core; and the screenshot folder, emptied once per run.
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { chromium, type Browser } from 'playwright-core'

const CHROMIUM = '/usr/bin/chromium'

/** Where the browser tests put their screenshots. */
export const SHOTS = join(__dirname, '..', '..', 'test-results', 'browser')

let cleared = false

/** Installs Chromium if needed, empties {@link SHOTS} (the first time in this process) and launches it. */
export const launchChromium = async (): Promise<Browser> => {
  if (spawnSync('bash', [join(__dirname, '..', '..', 'scripts', 'chromium.sh')], { stdio: 'inherit' }).status !== 0) {
    throw new Error('could not install chromium (scripts/chromium.sh)')
  }
  if (!cleared) {
    rmSync(SHOTS, { recursive: true, force: true })
    cleared = true
  }
  mkdirSync(SHOTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync']
  })
}
