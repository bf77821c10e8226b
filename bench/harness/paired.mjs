// Paired wall-clock timing of whole processes: `node paired.mjs RUNS -- A… -- B… [-- C…]` runs the
// commands in turn (A B C, A B C, …; the order rotates each round so none always runs first on a loaded
// machine), each to its end with its output discarded, and prints one JSON line: per command the median
// and every sample in ms, and per later command the median of its paired differences from the first.
import { spawnSync } from 'node:child_process'

const [runsArg, ...rest] = process.argv.slice(2)
const runs = Number(runsArg)
const commands = []
for (const word of rest) {
  if (word === '--') commands.push([])
  else commands.at(-1).push(word)
}
if (!(runs > 0) || commands.length < 2 || commands.some((c) => c.length === 0)) {
  console.error('usage: node paired.mjs RUNS -- COMMAND… -- COMMAND… [-- COMMAND…]')
  process.exit(2)
}

function timeOnce(argv) {
  const start = process.hrtime.bigint()
  const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) {
    console.error(`paired: ${argv.join(' ')} exited ${result.status}: ${String(result.stderr).slice(-400)}`)
    process.exit(1)
  }
  return ms
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const round = (x) => Math.round(x * 10) / 10

const samples = commands.map(() => [])
for (let round_ = 0; round_ < runs; round_++) {
  for (let k = 0; k < commands.length; k++) {
    const i = (k + round_) % commands.length
    samples[i].push(timeOnce(commands[i]))
  }
}
const result = commands.map((argv, i) => ({
  command: argv.join(' '),
  medianMs: round(median(samples[i])),
  ...(i > 0 ? { pairedDiffMs: round(median(samples[i].map((ms, r) => ms - samples[0][r]))) } : {}),
  ...(i > 0 ? { ratio: round((median(samples[i]) / median(samples[0])) * 100) / 100 } : {}),
  samplesMs: samples[i].map(round)
}))
console.log(JSON.stringify(result))
