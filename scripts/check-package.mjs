// Checks what `npm pack` would publish: built JS, .d.ts, the ESM entry (index.mjs,
// index.d.mts), README, LICENSE (and package.json) only; and that the built package loads
// and constructs. scripts/check-consumer.mjs installs and uses the packed tarball.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }))
const files = pack.files.map((f) => f.path).sort()
const allowed = (path) => /^dist\/.+\.(js|d\.ts)$/.test(path) || ['dist/index.mjs', 'dist/index.d.mts', 'README.md', 'LICENSE', 'package.json'].includes(path)
const stray = files.filter((path) => !allowed(path))
const required = ['dist/index.js', 'dist/index.d.ts', 'dist/index.mjs', 'dist/index.d.mts', 'README.md', 'LICENSE']
const missing = required.filter((path) => !files.includes(path))
if (stray.length > 0 || missing.length > 0) {
  console.error(`package contents wrong: stray ${JSON.stringify(stray)}, missing ${JSON.stringify(missing)}`)
  process.exit(1)
}
const Register = createRequire(import.meta.url)('../')
const register = new Register()
if (typeof Register !== 'function' || register.NS !== 'jabber:iq:register') {
  console.error('the built package does not export the Register class')
  process.exit(1)
}
console.log(`package: ${files.length} files, ${pack.size} bytes packed; require('./') gives the Register class`)
