// The layout of src/ (issue 15): each folder imports only the folders below it (the README's
// map, "The parts"), no import forms a circle, and no source file is much over 300 lines.
// Read from the files' own import lines, so a change that breaks the map fails here.
import { deepStrictEqual } from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'

const SRC = join(__dirname, '..', '..', 'src')

/** Folders from the top down: a file may import its own folder's files and those of folders below. */
const LAYERS = ['.', 'plugin', 'adhoc', 'signup', 'xep0077', 'media', 'forms', 'transport', 'core']
const MAX_LINES = 320

const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
  entry.isDirectory() ? sources(join(dir, entry.name)) : /\.m?ts$/.test(entry.name) ? [join(dir, entry.name)] : [])

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|require\(\s*['"](\.[^'"]+)['"]\s*\)/g

/** The src-relative file an import names (without extension handling beyond .js → .ts and folders). */
const target = (from: string, spec: string, files: Set<string>): string | undefined => {
  const base = normalize(join(dirname(from), spec)).replace(/\.js$/, '')
  return [`${base}.ts`, `${base}.mts`, `${base}/index.ts`, `${base}.d.ts`].find((f) => files.has(f))
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.')

const graph = (): Map<string, string[]> => {
  const files = sources(SRC).map((f) => relative(SRC, f))
  const known = new Set(files)
  return new Map(files.map((file) => {
    const text = readFileSync(join(SRC, file), 'utf8')
    const targets = [...text.matchAll(IMPORT)].map((m) => target(file, (m[1] ?? m[2] ?? m[3])!, known)).filter((t): t is string => t !== undefined)
    return [file, targets]
  }))
}

describe('layout of src/', () => {
  const imports = graph()

  it('every folder is in the map', () => {
    deepStrictEqual([...new Set([...imports.keys()].map(folderOf))].filter((f) => !LAYERS.includes(f)), [])
  })

  it('no import runs back up the map', () => {
    const upward: string[] = []
    for (const [file, targets] of imports) {
      for (const to of targets) {
        if (LAYERS.indexOf(folderOf(to)) < LAYERS.indexOf(folderOf(file))) upward.push(`${file} -> ${to}`)
      }
    }
    deepStrictEqual(upward, [])
  })

  it('no circle of imports', () => {
    const circles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' -> '))
        return
      }
      state.set(file, 'open')
      for (const to of imports.get(file) ?? []) visit(to, [...path, file])
      state.set(file, 'done')
    }
    for (const file of imports.keys()) visit(file, [])
    deepStrictEqual(circles, [])
  })

  it(`no source file over ${MAX_LINES} lines`, () => {
    const long = [...imports.keys()]
      .map((file) => [file, readFileSync(join(SRC, file), 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > MAX_LINES)
    deepStrictEqual(long, [])
  })
})
