/**
 * Writes whose answer is lost after the registry performed them: the fault proxy, in front of the
 * bench's Basic registry, forwards 20 % of writes (PUT, POST, PATCH), lets the registry carry them out,
 * then cuts the client off. A blind repeat of an upload's closing PUT meets a consumed session
 * (404 BLOB_UPLOAD_UNKNOWN); the client must instead look (HEAD) and carry on. Each trial is a merge as
 * the product runs it (resolveSources + publishIndex): one source pushed through the proxy in PATCH
 * chunks (then mounted across), one on another registry (streamed copy: POST + PUT), one index PUT by
 * digest and by tag — then everything is read back directly from the registry, byte for byte
 * (support/merge-trial.ts).
 */
import { describe, expect, test } from '@jest/globals'
import type { RequestRecord } from '../support/fault-proxy.js'
import { mergeTrialSeries, type TrialResult } from '../support/merge-trial.js'

const TRIALS = 20
const LOST_REPLY_RATE = 0.2
const SEED = 20261202
const WRITES = ['PUT', 'POST', 'PATCH']

const series = mergeTrialSeries(
  TRIALS,
  (i) => ({ lostReplyRate: LOST_REPLY_RATE, seed: SEED + i }),
  'lost-replies/trial'
)

const writesOf = (records: RequestRecord[]): RequestRecord[] =>
  records.filter((r) => WRITES.includes(r.method))

/** What the trials saw, summed: writes, the answers lost, the repeats, the consumed upload sessions. */
function tallyOf(results: TrialResult[]): {
  writes: number
  lostReplies: number
  lostByMethod: Record<string, number>
  retries: number
  sessionsLost: number
} {
  const writes = results.flatMap((r) => writesOf(r.records))
  const lost = writes.filter((w) => w.lostReply)
  const lostByMethod: Record<string, number> = {}
  for (const w of lost) lostByMethod[w.method] = (lostByMethod[w.method] ?? 0) + 1
  const sessionsLost = results
    .flatMap((r) => r.records)
    .filter((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/') && r.status === 404).length
  return {
    writes: writes.length,
    lostReplies: lost.length,
    lostByMethod,
    retries: results.reduce((sum, r) => sum + r.retries, 0),
    sessionsLost
  }
}

describe(`${TRIALS} merges through a proxy that loses the answer to ${LOST_REPLY_RATE * 100} % of writes`, () => {
  // mergeTrial itself asserts the merge and reads everything back: a trial that returns succeeded.
  test.each(series.numbers)('trial %i', async (i) => {
    const { records } = await series.trial(i)
    expect(writesOf(records).length).toBeGreaterThan(0)
  })

  test(
    'the proxy really lost answers of every write kind',
    async () => {
      const tally = tallyOf(await series.all())
      console.log(
        `lost replies: ${TRIALS}/${TRIALS} merges succeeded; ${tally.lostReplies} of ${tally.writes} ` +
          `writes lost their answer after the registry performed them ` +
          `(${JSON.stringify(tally.lostByMethod)}); ${tally.retries} repeats; ` +
          `${tally.sessionsLost} closing PUTs met a consumed session`
      )
      // About a fifth of writes; far from zero, or the trials proved nothing.
      expect(tally.lostReplies).toBeGreaterThan(tally.writes * 0.1)
      expect(WRITES.filter((method) => !tally.lostByMethod[method])).toEqual([])
    },
    series.timeoutMs
  )
})
