// Three layers, one command: `jest` runs them all; `--selectProjects unit` runs only the pure ones.
// integration and e2e need the bench (scripts/bench-up); they fail, never skip, when it is missing.
const tsJest = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
}

/** @param {string} name @param {number} timeout */
const layer = (name, timeout) => ({
  displayName: name,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: tsJest,
  testMatch: [`<rootDir>/__tests__/${name}/**/*.test.ts`],
  // The unit layer needs no bench: the setup file makes any use of it fail.
  ...(name === 'unit' ? { setupFiles: ['<rootDir>/__tests__/support/unit-layer.ts'] } : {}),
  // testTimeout is ignored inside `projects`; the setup file applies it to tests and hooks alike.
  ...(timeout > 5_000 ? { setupFilesAfterEnv: [`<rootDir>/__tests__/support/timeout-${name}.ts`] } : {})
})

/** @type {import('jest').Config} */
export default {
  projects: [layer('unit', 5_000), layer('integration', 60_000), layer('e2e', 300_000)],
  reporters: ['default', '<rootDir>/__tests__/support/layer-reporter.mjs'],
  verbose: true
}
