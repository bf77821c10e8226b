/** RFC 8785 canonical JSON: the RFC's own vectors (§3.2.2 numbers, §3.2.3 member order) and refusals. */
import { describe, expect, test } from '@jest/globals'
import { canonicalJson } from '../../src/attest/jcs.js'

describe('canonicalJson', () => {
  test('RFC 8785 §3.2.2: the example object, whitespace removed and members sorted', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}'
    ) as unknown
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
  })

  test('RFC 8785 §3.2.3: members sorted by UTF-16 code units', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis'
    }
    const order = [...canonicalJson(input).matchAll(/"([^"]+)":"([^"]+)"/g)].map((m) => m[2])
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh'
    ])
  })

  test.each([
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [123456789012345680000, '123456789012345680000'],
    [5e-324, '5e-324'],
    [-1.5, '-1.5']
  ])('number %p → %s (RFC 8785 Appendix B)', (value, text) => {
    expect(canonicalJson(value)).toBe(text)
  })

  test('nested arrays keep their order; undefined members are left out as JSON.stringify does', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 2 }], a: undefined })).toBe('{"b":[3,{"a":2,"z":1}]}')
  })

  test.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a function', () => 1]
  ])('refuses %s', (_name, value) => {
    expect(() => canonicalJson({ x: value })).toThrow(/cannot canonicalise \$\.x/)
  })
})
