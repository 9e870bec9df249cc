// Loads the plugin against either supported xmpp-ftw major: the package's own module
// graph is loaded afresh with `require('xmpp-ftw')` pointed at the chosen version.
import Module = require('node:module')
import { join } from 'node:path'

import type RegisterType = require('../../src')

export type RegisterClass = typeof RegisterType

/** The xmpp-ftw versions the plugin supports, with the package each is installed as. */
export const HOSTS = [
  { version: '2.0.0', pkg: 'xmpp-ftw' },
  { version: '1.18.0', pkg: 'xmpp-ftw-1.18' }
] as const

const SRC = join(__dirname, '..', '..', 'src')
/** The built package (`npm run build`), as `npm install` gives it: what the benchmarks measure. */
export const DIST = join(__dirname, '..', '..', 'dist')
const cache = new Map<string, RegisterClass>()

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string
const mod = Module as unknown as { _resolveFilename: Resolve }

/** The Register class built on the `Base` of xmpp-ftw installed as `pkg`, from the sources (or `src`, e.g. {@link DIST}). */
export const loadRegister = (pkg: string, src = SRC): RegisterClass => {
  const key = `${pkg}\0${src}`
  const cached = cache.get(key)
  if (cached) return cached
  const original = mod._resolveFilename
  const saved = Object.keys(require.cache).filter((file) => file.startsWith(src))
  const kept = new Map(saved.map((file) => [file, require.cache[file]]))
  for (const file of saved) delete require.cache[file]
  mod._resolveFilename = function (request, parent, ...rest) {
    return original.call(this, request === 'xmpp-ftw' ? pkg : request, parent, ...rest)
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(join(src, 'index')) as RegisterClass
    cache.set(key, loaded)
    return loaded
  } finally {
    mod._resolveFilename = original
    for (const file of Object.keys(require.cache).filter((f) => f.startsWith(src))) delete require.cache[file]
    for (const [file, entry] of kept) if (entry) require.cache[file] = entry
  }
}

/** The host package's own exports (Base, utils) for assertions. */
export const hostModule = (pkg: string): { Base: new () => unknown } =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(pkg) as { Base: new () => unknown }
