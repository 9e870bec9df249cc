// Copies numbered examples of the XEPs in ../shared/specs, verbatim (the CDATA text),
// into test/fixtures/xep-NNNN/ex-NN.xml. Run once by hand: node scripts/extract-fixtures.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const specs = process.env.SPECS ?? join(root, '..', 'shared', 'specs')
const wanted = {
  '0077': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26],
  '0122': [1, 2, 3, 4, 5, 6, 7],
  // XEP-0158: the CAPTCHA forms, submissions and replies (Ex 1, 3 and 13-18 are messages and presence).
  '0158': [2, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  // XEP-0231: requesting and returning data, the data element (Ex 1, 5 and 6 are XHTML-IM and disco).
  '0231': [2, 3, 4],
  '0445': [1, 2, 3, 4],
  // XEP-0050: discovering, executing, continuing and canceling commands (Ex 24 is a URI, not XML).
  '0050': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25],
  // XEP-0401: the invite commands and their results, the invite URIs' sign-up.
  '0401': [1, 2, 3, 4, 5, 6, 7, 8, 9]
}
for (const [xep, numbers] of Object.entries(wanted)) {
  const xml = readFileSync(join(specs, `xep-${xep}.xml`), 'utf8')
  const examples = [...xml.matchAll(/<example caption=(['"])(.*?)\1>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/example>/g)]
  const dir = join(root, 'test', 'fixtures', `xep-${xep}`)
  mkdirSync(dir, { recursive: true })
  for (const n of numbers) {
    const example = examples[n - 1]
    if (!example) throw new Error(`XEP-${xep} has no example ${n}`)
    const file = join(dir, `ex-${String(n).padStart(2, '0')}.xml`)
    writeFileSync(file, `<!-- XEP-${xep} Example ${n}: ${example[2]} -->${example[3]}`)
  }
}
