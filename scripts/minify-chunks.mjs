#!/usr/bin/env node
// Minifies the chunks ncc writes beside an entry (N.index.js), in place: `ncc build --minify` minifies the
// entry file only, and the chunks are read and compiled on the start-up path of every command that runs
// the core. Usage: scripts/minify-chunks.mjs DIR...
// Names of classes and functions stay, so error messages and stack traces read as in the sources; legal
// comments stay. The output depends on the input only, so check-dist can compare bundles byte for byte.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { minify } from 'terser'

const CHUNK = /^[0-9]+\.index\.js$/

const TERSER_OPTIONS = {
  module: true,
  compress: true,
  mangle: true,
  keep_classnames: true,
  keep_fnames: true,
  format: { comments: 'some' }
}

async function chunksIn(dir) {
  const names = await readdir(dir)
  return names
    .filter((name) => CHUNK.test(name))
    .sort()
    .map((name) => join(dir, name))
}

async function minifyChunk(file) {
  const source = await readFile(file, 'utf8')
  let result
  try {
    result = await minify(source, TERSER_OPTIONS)
  } catch (error) {
    throw new Error(`terser failed on ${file}: ${error.message}`, { cause: error })
  }
  if (typeof result.code !== 'string' || result.code.length === 0) {
    throw new Error(`terser returned no code for ${file}`)
  }
  await writeFile(file, result.code)
}

async function main(dirs) {
  if (dirs.length === 0) {
    throw new Error('name at least one folder (usage: scripts/minify-chunks.mjs DIR...)')
  }
  // One at a time: terser runs on the main thread, so more in flight would not finish sooner.
  for (const dir of dirs) {
    for (const file of await chunksIn(dir)) {
      await minifyChunk(file)
    }
  }
}

try {
  await main(process.argv.slice(2))
} catch (error) {
  console.error(`minify-chunks: ${error.message}`)
  process.exit(1)
}
