import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'
import jest from 'eslint-plugin-jest'

// Pure cores never touch the network, the filesystem, processes or @actions/* (CONTRIBUTING.md, module map).
const PURE_FOLDERS = [
  'src/reference/**',
  'src/platform/**',
  'src/image-index/**',
  'src/verify/**',
  'src/inputs/**'
]
// Pure files in folders that also hold an edge (revision/ancestry.ts asks git and GitHub).
const PURE_FILES = [
  'src/revision/decide.ts',
  'src/revision/read.ts',
  'src/revision/tag.ts',
  'src/app/failure.ts',
  'src/host/commands.ts',
  'src/binfmt/entry.ts',
  'src/binfmt/assessment.ts',
  'src/binfmt/installer.ts',
  'src/binfmt/host-platform.ts',
  'src/binfmt/probe-program.ts',
  'src/attest/jcs.ts',
  'src/attest/policy.ts',
  'src/attest/statement.ts',
  'src/attest/dsse.ts',
  'src/attest/bundle.ts',
  'src/attest/signing.ts',
  'src/attest/gate.ts',
  'src/attest/keys.ts',
  'src/buildx/capabilities.ts',
  'src/buildx/entitlements.ts',
  'src/buildx/attribution.ts',
  'src/buildx/json-stream.ts',
  'src/buildx/progress.ts',
  'src/buildx/session-error.ts',
  'src/buildx/bake.ts',
  'src/buildx/args.ts',
  'src/buildx/csv.ts',
  'src/buildx/metadata.ts',
  'src/buildx/staging.ts',
  'src/buildx/annotations.ts',
  'src/report/text.ts'
]
const EFFECTFUL_MODULES = [
  '@actions/*',
  'node:fs',
  'node:fs/*',
  'fs',
  'fs/*',
  'node:child_process',
  'child_process',
  'node:http',
  'node:https',
  'node:net',
  'node:tls',
  'node:dns',
  'undici'
]

export default tseslint.config(
  { ignores: ['dist/**', 'lib/**', 'node_modules/**', '.bench/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }]
    }
  },
  {
    // No import cycles between value imports. import-x/no-cycle skips type-only imports: cycles with them
    // counted, between files and between folders, are checked by scripts/check-module-graph.mjs.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })]
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
  },
  {
    files: [...PURE_FOLDERS.map((f) => f.replace('**', '**/*.ts')), ...PURE_FILES],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: EFFECTFUL_MODULES,
              message: 'pure modules do no I/O: move this to an edge (registry, buildx, binfmt, main, cli)'
            }
          ]
        }
      ]
    }
  },
  {
    // A test that asserts inside an `if`, a `catch` or a `.catch` checks nothing on the other path: assert
    // unconditionally (narrow with an expect first, or use `thrown`/`rejects`).
    files: ['__tests__/**/*.ts'],
    plugins: { jest },
    rules: { 'jest/no-conditional-expect': 'error' }
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly'
      }
    }
  }
)
