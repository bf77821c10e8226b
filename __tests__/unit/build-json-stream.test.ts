/**
 * The rawjson splitter in both shapes buildx has printed: indented objects over several lines (0.13, 0.14)
 * and one object per line (0.15 on), fed whole and in pieces as pipes deliver them.
 */
import { describe, expect, test } from '@jest/globals'
import { JsonObjectStream } from '../../src/buildx/json-stream.js'

/** buildx 0.13/0.14: each object indented over several lines. */
const pretty = (o: unknown): string => JSON.stringify(o, null, 2) + '\n'
/** buildx 0.15 and later: one object per line. */
const oneLine = (o: unknown): string => JSON.stringify(o) + '\n'

/** Feeds `text` in chunks of the given sizes; every object and plain line, in order. */
function split(text: string, sizes: number[]): { objects: unknown[]; lines: string[] } {
  const stream = new JsonObjectStream()
  const objects: unknown[] = []
  const lines: string[] = []
  let at = 0
  for (const size of sizes) {
    const out = stream.push(text.slice(at, at + size))
    at += size
    objects.push(...out.objects)
    lines.push(...out.lines)
  }
  lines.push(...stream.end())
  return { objects, lines }
}

const chunkings = (length: number): [string, number[]][] => [
  ['all at once', [length]],
  ['one character at a time', Array.from({ length }, () => 1)],
  ['in chunks of 7', Array.from({ length: Math.ceil(length / 7) }, () => 7)]
]

describe('JsonObjectStream', () => {
  const objects = [
    { vertexes: [{ digest: 'sha256:a', name: 'x { y', started: '2026-12-07T16:39:11.246505753Z' }] },
    { logs: [{ vertex: 'sha256:a', data: '}' }] },
    { statuses: [{ id: 'pushing "quoted\\" {', vertex: 'sha256:a' }] }
  ]
  const closing = 'Dockerfile:5\n  5 | >>> RUN {\nERROR: failed to solve: boom\n'
  const closingLines = ['Dockerfile:5', '  5 | >>> RUN {', 'ERROR: failed to solve: boom']

  describe.each([
    ['indented over several lines (buildx 0.13, 0.14)', pretty],
    ['one object per line (buildx 0.15 and later)', oneLine]
  ])('%s', (_shape, print) => {
    const text = objects.map(print).join('') + closing
    test.each(chunkings(text.length))(
      '%s: objects (braces in strings skipped), then the plain lines',
      (_n, sizes) => {
        expect(split(text, sizes)).toEqual({ objects, lines: closingLines })
      }
    )
  })

  test('the two shapes one after the other (a stream read across a buildx upgrade is not a case, but nothing is lost)', () => {
    const text = pretty(objects[0]) + oneLine(objects[1]) + pretty(objects[2])
    expect(split(text, [text.length])).toEqual({ objects, lines: [] })
  })

  test('one-per-line objects without a final newline are completed by their closing brace', () => {
    const text = oneLine(objects[0]) + JSON.stringify(objects[1])
    expect(split(text, [text.length]).objects).toEqual([objects[0], objects[1]])
  })

  test('a line of text that only looks like an object is passed on as text', () => {
    const stream = new JsonObjectStream()
    const out = stream.push('{not json}\n')
    expect(out.objects).toEqual([])
    expect(out.lines).toEqual(['{not json}'])
  })
})
