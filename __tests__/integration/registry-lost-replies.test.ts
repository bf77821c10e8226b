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
import { afterAll, describe, expect, test } from '@jest/globals'
import { mergeTrial } from '../support/merge-trial.js'

const TRIALS = 20
const LOST_REPLY_RATE = 0.2
const SEED = 20261202

const tally = {
  trials: 0,
  succeeded: 0,
  lostReplies: 0,
  writes: 0,
  retries: 0,
  sessionsLost: 0,
  lostByMethod: {} as Record<string, number>
}

afterAll(() => {
  console.log(
    `lost replies: ${tally.succeeded}/${tally.trials} merges succeeded; ${tally.lostReplies} of ` +
      `${tally.writes} writes lost their answer after the registry performed them; ` +
      `(${JSON.stringify(tally.lostByMethod)}); ${tally.retries} repeats; ` +
      `${tally.sessionsLost} closing PUTs met a consumed session`
  )
})

describe(`${TRIALS} merges through a proxy that loses the answer to ${LOST_REPLY_RATE * 100} % of writes`, () => {
  test.each(Array.from({ length: TRIALS }, (_, i) => i + 1))('trial %i', async (i) => {
    tally.trials++
    const { records, retries } = await mergeTrial(
      { lostReplyRate: LOST_REPLY_RATE, seed: SEED + i },
      'lost-replies/trial'
    )
    tally.succeeded++
    const writes = records.filter((r) => ['PUT', 'POST', 'PATCH'].includes(r.method))
    tally.writes += writes.length
    tally.retries += retries
    for (const r of writes.filter((record) => record.lostReply)) {
      tally.lostReplies++
      tally.lostByMethod[r.method] = (tally.lostByMethod[r.method] ?? 0) + 1
    }
    tally.sessionsLost += records.filter(
      (r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/') && r.status === 404
    ).length
  })

  test('the proxy really lost answers of every write kind', () => {
    expect(tally.succeeded).toBe(TRIALS)
    // About a fifth of writes; far from zero, or the trials above proved nothing.
    expect(tally.lostReplies).toBeGreaterThan(tally.writes * 0.1)
    for (const method of ['PUT', 'POST', 'PATCH']) expect(tally.lostByMethod[method]).toBeGreaterThan(0)
  })
})
