// Mocha's spec reporter, plus a plain closing line `tests: N passed, N failed` that
// .ci/run reads. With TEST_SUMMARY_FILE set, the counts are appended there as JSON.
'use strict'
const fs = require('node:fs')
const Mocha = require('mocha')

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options)
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats || {}
      const suite = process.env.TEST_SUITE_NAME || 'mocha'
      if (process.env.TEST_SUMMARY_FILE) {
        fs.appendFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ suite, passes, failures, pending }) + '\n')
      }
      process.stdout.write(`\ntests: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}\n`)
    })
  }
}

module.exports = SummaryReporter
