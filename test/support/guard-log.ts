// The plugin's debug log lines about stream errors nobody handled (src/transport/stream-guard.ts).
import { format } from 'node:util'

import createDebug from 'debug'

const MARK = 'stream error with no listener left (after logout): '

/** Runs `body` with the plugin's debug log on; resolves with the stream guard's lines (the text after its mark). */
export const guardLog = async (body: () => void | Promise<void>): Promise<string[]> => {
  const lines: string[] = []
  const saved = createDebug.log
  createDebug.enable('xmpp-ftw:register')
  createDebug.log = (...args: unknown[]) => { lines.push(format(...args)) }
  try {
    await body()
  } finally {
    createDebug.disable()
    createDebug.log = saved
  }
  return lines.filter((line) => line.includes(MARK))
    .map((line) => line.slice(line.indexOf(MARK) + MARK.length).replace(/\s*(\p{Cc}\[[\d;]*m)?\+\d+\w*(\p{Cc}\[0m)?$/u, ''))
}
