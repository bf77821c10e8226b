// Tags only move forward: the decision per tag from its current revision, this run's, the ancestry answer
// and `on-older`; the run-level outcome; the `on-older` input.
import { describe, expect, test } from '@jest/globals'
import {
  ancestryQuestion,
  decideTag,
  tagMoves,
  type Ancestry,
  type OnOlder,
  type TagDecision,
  type TagState
} from '../../src/revision/decide.js'
import { parseOnOlder } from '../../src/inputs/revision.js'
import { thrown } from '../support/thrown.js'

const A = 'a'.repeat(40) // this run's commit in most cases
const B = 'b'.repeat(40) // the tag's commit
const DIGEST = `sha256:${'d'.repeat(64)}`

const at = (revision: string): TagState => ({
  exists: true,
  digest: DIGEST,
  revision: { revision, from: 'index-annotation' }
})
const unlabelled: TagState = {
  exists: true,
  digest: DIGEST,
  revision: { revision: undefined, reason: 'the image has no org.opencontainers.image.revision label' }
}
const absent: TagState = { exists: false }
const git = (relation: 'ancestor' | 'descendant' | 'same' | 'diverged'): Ancestry => ({
  relation,
  source: 'git'
})
const unknown: Ancestry = { relation: 'unknown', reason: 'the shallow checkout does not have commit bbbb' }

describe('decideTag', () => {
  // name, current, this run's revision, ancestry, on-older → action
  test.each<[string, TagState, string | undefined, Ancestry | undefined, OnOlder, TagDecision['action']]>([
    ['absent tag', absent, A, undefined, 'skip', 'move'],
    ['absent tag, fail', absent, A, undefined, 'fail', 'move'],
    ['same revision', at(A), A, undefined, 'fail', 'move'],
    ['same revision, abbreviated', at(A.slice(0, 7)), A, undefined, 'fail', 'move'],
    ['same revision, other case', at(A.toUpperCase()), A, undefined, 'fail', 'move'],
    ['git says same', at(B), A, git('same'), 'fail', 'move'],
    ['run is newer', at(B), A, git('descendant'), 'fail', 'move'],
    ['diverged', at(B), A, git('diverged'), 'fail', 'move'],
    ['tag newer, skip', at(B), A, git('ancestor'), 'skip', 'skip'],
    ['tag newer, fail', at(B), A, git('ancestor'), 'fail', 'fail'],
    ['tag newer, force', at(B), A, git('ancestor'), 'force', 'move-with-note'],
    ['tag newer per GitHub', at(B), A, { relation: 'ancestor', source: 'github' }, 'skip', 'skip'],
    ['unknown, skip', at(B), A, unknown, 'skip', 'move-with-note'],
    ['unknown, fail', at(B), A, unknown, 'fail', 'move-with-note'],
    ['unknown, force', at(B), A, unknown, 'force', 'move'],
    ['not asked', at(B), A, undefined, 'fail', 'move-with-note'],
    ['no revision on the tag', unlabelled, A, undefined, 'fail', 'move-with-note'],
    ['no revision on the tag, force', unlabelled, A, undefined, 'force', 'move'],
    ['no GITHUB_SHA', at(B), undefined, undefined, 'fail', 'move-with-note'],
    ['empty GITHUB_SHA', at(B), '', undefined, 'skip', 'move-with-note'],
    ['tag revision not a commit', at('v1.2.3'), A, undefined, 'fail', 'move-with-note'],
    ['run revision not a commit', at(B), 'main', undefined, 'fail', 'move-with-note']
  ])('%s', (_name, current, revision, ancestry, onOlder, action) => {
    const decision = decideTag({
      tag: 'latest',
      current,
      revision,
      onOlder,
      ...(ancestry ? { ancestry } : {})
    })
    expect(decision).toEqual({ tag: 'latest', action, message: expect.any(String) })
  })

  test.each<OnOlder>(['skip', 'fail', 'force'])('an older run names both commits (%s)', (onOlder) => {
    const { message } = decideTag({
      tag: 'latest',
      current: at(B),
      revision: A,
      ancestry: git('ancestor'),
      onOlder
    })
    expect(message).toContain(B.slice(0, 12))
    expect(message).toContain(A.slice(0, 12))
    expect(message).toContain('latest')
  })

  test.each<[OnOlder, string]>([
    ['skip', 'left there'],
    ['fail', '`on-older` is fail'],
    ['force', 'moved back']
  ])('an older run says what happened (%s)', (onOlder, said) => {
    const { message } = decideTag({
      tag: 'latest',
      current: at(B),
      revision: A,
      ancestry: git('ancestor'),
      onOlder
    })
    expect(message).toContain(said)
    expect(message).not.toContain('\n')
  })

  test('cannot tell: says so, with the reason and both commits', () => {
    const { message } = decideTag({
      tag: 'latest',
      current: at(B),
      revision: A,
      ancestry: unknown,
      onOlder: 'skip'
    })
    expect(message).toMatch(/cannot tell/)
    expect(message).toContain('the shallow checkout does not have commit bbbb')
    expect(message).toContain(A.slice(0, 12))
    expect(message).toContain(B.slice(0, 12))
  })

  test('no revision on the tag: the reason is the one read.ts gave', () => {
    const { message } = decideTag({ tag: 'latest', current: unlabelled, revision: A, onOlder: 'skip' })
    expect(message).toContain('no org.opencontainers.image.revision label')
  })
})

describe('ancestryQuestion', () => {
  test.each<[string, TagState, string | undefined, { run: string; tag: string } | undefined]>([
    ['absent tag', absent, A, undefined],
    ['no revision on the tag', unlabelled, A, undefined],
    ['no GITHUB_SHA', at(B), undefined, undefined],
    ['same commit', at(A), A, undefined],
    ['abbreviated same commit', at(A.slice(0, 10)), A, undefined],
    ['a tag name, not a commit', at('v1.0'), A, undefined],
    ['an option, not a commit', at('--output=x'), A, undefined],
    ['two commits', at(B), A, { run: A, tag: B }]
  ])('%s', (_name, current, revision, question) => {
    expect(ancestryQuestion(current, revision)).toEqual(question)
  })
})

describe('tagMoves', () => {
  const d = (tag: string, action: TagDecision['action']): TagDecision => ({
    tag,
    action,
    message: `${tag} ${action}`
  })

  test.each<[string, TagDecision[], string[], string[], boolean]>([
    ['all move', [d('1', 'move'), d('latest', 'move')], ['1', 'latest'], [], false],
    ['a skip leaves that tag', [d('1', 'move'), d('latest', 'skip')], ['1'], ['latest skip'], false],
    ['a note moves and warns', [d('latest', 'move-with-note')], ['latest'], ['latest move-with-note'], false],
    ['a fail moves nothing', [d('1', 'move'), d('latest', 'fail')], [], [], true],
    ['nothing to decide', [], [], [], false]
  ])('%s', (_name, decisions, move, warnings, fails) => {
    const outcome = tagMoves(decisions)
    expect({ move: outcome.move, warnings: outcome.warnings, fails: outcome.failure !== undefined }).toEqual({
      move,
      warnings,
      fails
    })
  })

  test('the failure names every refused tag and the fix', () => {
    const { failure } = tagMoves([d('1', 'fail'), d('latest', 'fail')])
    expect(failure?.kind).toBe('invalid-input')
    expect(failure?.oneLine()).toContain('1 fail')
    expect(failure?.oneLine()).toContain('latest fail')
    expect(failure?.hint).toContain('on-older: force')
  })
})

describe('parseOnOlder', () => {
  test.each<[string, OnOlder]>([
    ['', 'skip'],
    ['  ', 'skip'],
    ['skip', 'skip'],
    ['fail', 'fail'],
    ['force', 'force'],
    [' Force\n', 'force']
  ])('%j', (raw, expected) => {
    expect(parseOnOlder(() => raw)).toBe(expected)
  })

  test('reads the on-older input', () => {
    const asked: string[] = []
    parseOnOlder((name) => (asked.push(name), ''))
    expect(asked).toEqual(['on-older'])
  })

  test.each(['yes', 'skip,fail', 'true'])('rejects %j, naming the input and the choices', (raw) => {
    const error = thrown(() => parseOnOlder(() => raw))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toContain('`on-older`')
    expect(error.message).toContain(raw)
    expect(error.hint).toMatch(/skip.*fail.*force/)
  })
})
