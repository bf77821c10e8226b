// A jest reporter that closes the run with one plain count line per test layer and one in all,
// e.g. "unit: 41 passed, 0 failed", so a log shows at a glance that each layer really ran.
import path from 'node:path'

export default class LayerReporter {
  /** @param {import('@jest/reporters').Config.GlobalConfig} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir
  }

  /** @param {unknown} _contexts @param {import('@jest/reporters').AggregatedResult} results */
  onRunComplete(_contexts, results) {
    /** @type {Map<string, {passed: number, failed: number, skipped: number}>} */
    const layers = new Map()
    for (const file of results.testResults) {
      const layer = path.relative(this.rootDir, file.testFilePath).split(path.sep)[1] ?? 'other'
      const count = layers.get(layer) ?? { passed: 0, failed: 0, skipped: 0 }
      count.passed += file.numPassingTests
      count.failed += file.numFailingTests + (file.testExecError ? 1 : 0)
      count.skipped += file.numPendingTests + file.numTodoTests
      layers.set(layer, count)
    }
    const line = (/** @type {{passed: number, failed: number, skipped: number}} */ c) =>
      `${c.passed} passed, ${c.failed} failed` + (c.skipped ? `, ${c.skipped} skipped` : '')
    console.log('')
    for (const name of [
      'unit',
      'integration',
      'e2e',
      ...[...layers.keys()].filter((k) => !['unit', 'integration', 'e2e'].includes(k))
    ]) {
      const count = layers.get(name)
      if (count) console.log(`${name}: ${line(count)}`)
    }
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
    console.log(
      `tests: ${line({ passed: results.numPassedTests, failed, skipped: results.numPendingTests + results.numTodoTests })}`
    )
  }
}
