// The package as a TypeScript user gets it: packs the built package (`npm pack`, run
// `npm run build` first), installs the tarball into a temporary consumer project
// (`--prefer-offline`: from npm's cache when it can; the xmpp-ftw peer, @types/node and socket.io linked from this
// repository), compiles a strict consumer with the project's TypeScript under
// `module: commonjs` and under `module/moduleResolution: nodenext` (a .ts and an .mts file),
// together with every ```ts block of the README, and runs the compiled consumers: require()
// and import give the class and its constants, and the README's round trip (the form from
// `get`, filled in, passed to `set`) sends the filled-in form.
// Each check counts as one test in TEST_SUMMARY_FILE (read by .ci/run).
import { execFile } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const ROOM = 'room@conference.example.org'

/** The consumer's body, after its imports: `Register`, `NS`, `DEFAULT_TIMEOUT`, `parse` and the types are in scope. */
const BODY = `
const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error('consumer check failed: ' + what)
}
check(typeof Register === 'function' && Register.NS === 'jabber:iq:register', 'Register.NS')
check(NS === 'jabber:iq:register' && DEFAULT_TIMEOUT === 10000, 'NS and DEFAULT_TIMEOUT')
check(Register.NS_CANCEL === 'jabber:iq:register:cancel' && Register.NS_CHANGE_PASSWORD === 'jabber:iq:register:changepassword', 'the other namespaces')

// The README's round trip, embedded with a fake manager whose client records what is sent.
const sent: string[] = []
const register = new Register({ timeout: 1000 })
register.init({ client: { send: (stanza: { toString(): string }) => { sent.push(stanza.toString()) } }, jid: 'bill@example.org/web' }, true)
const answer = (xml: string): void => {
  const id = /id="([^"]+)"/.exec(sent[sent.length - 1] ?? '')?.[1] ?? ''
  check(register.handle(parse(xml.replace('ID', id))), 'reply claimed')
}
const FORM = "<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#register</value></field>" +
  "<field var='muc#register_roomnick' type='text-single' label='Nick'><required/></field></x>"

const roundTrip = (): Promise<string> => new Promise((resolve, reject) => {
  register.get({ to: '${ROOM}' }, (error: RegisterError | null, data?: GetResult) => {
    const form: DataForm | undefined = data?.form
    if (error || !form) return reject(new Error('get: ' + JSON.stringify(error)))
    const nick = form.fields.find((f) => f.var === 'muc#register_roomnick')
    if (nick) nick.value = 'bill'
    const request: SetRequest = { to: '${ROOM}', form }
    register.set(request, (error: RegisterError | null, result?: RegisteredResult) => {
      if (error || !result?.registered) reject(new Error('set: ' + JSON.stringify(error)))
      else resolve(sent[1] ?? '')
    })
    answer("<iq type='result' from='${ROOM}' id='ID'/>")
  })
  answer("<iq type='result' from='${ROOM}' id='ID'><query xmlns='jabber:iq:register'>" + FORM + '</query></iq>')
})

roundTrip().then((set) => {
  check(set.includes('<value>http://jabber.org/protocol/muc#register</value>') && set.includes('<value>bill</value>'), 'the filled-in form is sent: ' + set)
  check(register.pending === 0, 'nothing pending')
  process.stdout.write('consumer ok\\n')
}, (error: Error) => {
  process.stderr.write(error.message + '\\n')
  process.exitCode = 1
})
`

const TYPES = 'DataForm, GetResult, RegisteredResult, RegisterError, SetRequest'

/** CommonJS: `require()` gives the class; the constants are its statics. */
const CJS = `import Register = require('xmpp-ftw-register')
import type { ${TYPES} } from 'xmpp-ftw-register'
import { parse } from 'ltx'

const { NS, DEFAULT_TIMEOUT } = Register
${BODY}`

/** ESM: the class is the default export, the constants are named exports too; require() gives the same class. */
const ESM = `import { createRequire } from 'node:module'
import Register, { NS, DEFAULT_TIMEOUT, type ${TYPES.split(', ').join(', type ')} } from 'xmpp-ftw-register'
import { parse } from 'ltx'

if (createRequire(import.meta.url)('xmpp-ftw-register') !== Register) throw new Error('import and require() give different classes')
${BODY}`

/** Free names the README's fragments use without declaring them. */
const README_GLOBALS = `declare const io: import('socket.io').Server
declare const Xmpp: new <S extends import('xmpp-ftw-register').SignupSocket>(socket: S) => { socket: S; addListener(plugin: unknown): void }
declare const Register: typeof import('xmpp-ftw-register')
`

const strict = {
  strict: true,
  target: 'ES2022',
  esModuleInterop: true,
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
  noUncheckedIndexedAccess: true,
  types: ['node']
}

const results = []
/** Runs one check (an async function that throws on failure) and records it as a test. */
const record = async (name, body) => {
  try {
    await body()
    results.push({ name, ok: true })
    console.log(`  ok   ${name}`)
  } catch (e) {
    results.push({ name, ok: false })
    const out = [e.stdout, e.stderr].filter(Boolean).map(String).join('\n').trim()
    console.log(`  FAIL ${name}\n${(out || e.message).replace(/^/gm, '       ')}`)
  }
}
const execAsync = promisify(execFile)
const run = async (cmd, args, cwd) => (await execAsync(cmd, args, { cwd, encoding: 'utf8' })).stdout
/** Runs a compiled consumer: it must print its closing line (a run that never ends its round trip does not). */
const runConsumer = async (app, file) => {
  const out = await run(process.execPath, [file], app)
  if (!out.includes('consumer ok')) throw new Error(`${file} ended without finishing: ${out}`)
}

const started = Date.now()
const tmp = mkdtempSync(join(tmpdir(), 'xmpp-ftw-register-consumer-'))
try {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('no dist/: run `npm run build` first')
  const [pack] = JSON.parse(await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], root))
  const app = join(tmp, 'app')
  mkdirSync(join(app, 'node_modules', '@types'), { recursive: true })
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }))
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', '--no-package-lock', join(tmp, pack.filename)], app)
  // The peer dependency and what the README's fragments need, from this repository.
  for (const name of ['xmpp-ftw', '@types/node', 'socket.io']) {
    const link = join(app, 'node_modules', name)
    if (!existsSync(link)) symlinkSync(join(root, 'node_modules', name), link, 'dir')
  }

  const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1])
  const readme = blocks.map((code, i) => {
    const file = `readme-${i + 1}.${/^\/\/.*\.mts\b/.test(code) ? 'mts' : 'ts'}`
    writeFileSync(join(app, file), code)
    return file
  })
  writeFileSync(join(app, 'readme-globals.d.ts'), README_GLOBALS)
  writeFileSync(join(app, 'consumer.ts'), CJS)
  writeFileSync(join(app, 'consumer.mts'), ESM)
  const project = (name, options, files) =>
    writeFileSync(join(app, name), JSON.stringify({ compilerOptions: { ...strict, ...options }, files: ['readme-globals.d.ts', ...files] }))
  project('tsconfig.cjs.json', { module: 'commonjs', outDir: 'out-cjs' }, ['consumer.ts', ...readme.filter((f) => f.endsWith('.ts'))])
  project('tsconfig.nodenext.json', { module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out-nodenext' }, ['consumer.ts', 'consumer.mts', ...readme])

  console.log(`consumer of ${pack.filename} (README: ${blocks.length} TypeScript blocks)`)
  // Two cores: the two compilations, then the three runs, side by side.
  await Promise.all([
    record('compiles under module commonjs (strict)', () => run(process.execPath, [tsc, '-p', 'tsconfig.cjs.json'], app)),
    record('compiles under module/moduleResolution nodenext (strict, .ts and .mts)', () => run(process.execPath, [tsc, '-p', 'tsconfig.nodenext.json'], app))
  ])
  await Promise.all([
    record('runs: commonjs build, require()', () => runConsumer(app, 'out-cjs/consumer.js')),
    record('runs: nodenext build, .ts (require())', () => runConsumer(app, 'out-nodenext/consumer.js')),
    record('runs: nodenext build, .mts (import, named exports)', () => runConsumer(app, 'out-nodenext/consumer.mjs'))
  ])
} catch (e) {
  results.push({ name: 'setup', ok: false })
  console.log(`  FAIL setup: ${e.message}`)
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

const passes = results.filter((r) => r.ok).length
const failures = results.length - passes
if (process.env.TEST_SUMMARY_FILE) {
  appendFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ suite: 'consumer', passes, failures, pending: 0 }) + '\n')
}
console.log(`tests: ${passes} passed, ${failures} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`)
process.exitCode = failures === 0 ? 0 : 1
