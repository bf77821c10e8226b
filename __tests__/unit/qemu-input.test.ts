// The `qemu` input: auto, false, or the installer image to run instead.
import { describe, expect, test } from '@jest/globals'
import { DEFAULT_INSTALLER_IMAGE, parseQemuInput, type QemuSetting } from '../../src/inputs/qemu.js'
import { parseReference } from '../../src/reference/reference.js'
import { thrown } from '../support/thrown.js'

describe('parseQemuInput', () => {
  test.each<[string, QemuSetting]>([
    ['', { kind: 'auto', image: DEFAULT_INSTALLER_IMAGE }],
    ['  ', { kind: 'auto', image: DEFAULT_INSTALLER_IMAGE }],
    ['auto', { kind: 'auto', image: DEFAULT_INSTALLER_IMAGE }],
    ['true', { kind: 'auto', image: DEFAULT_INSTALLER_IMAGE }],
    ['false', { kind: 'off' }],
    ['False', { kind: 'off' }],
    ['FALSE', { kind: 'off' }],
    [' false\n', { kind: 'off' }],
    ['tonistiigi/binfmt:qemu-v8.1.5', { kind: 'auto', image: 'tonistiigi/binfmt:qemu-v8.1.5' }],
    [
      'localhost:5000/binfmt-installer:riscv64',
      { kind: 'auto', image: 'localhost:5000/binfmt-installer:riscv64' }
    ],
    [
      `docker.io/tonistiigi/binfmt@sha256:${'a'.repeat(64)}`,
      { kind: 'auto', image: `docker.io/tonistiigi/binfmt@sha256:${'a'.repeat(64)}` }
    ]
  ])('%j', (raw, expected) => {
    expect(parseQemuInput(raw)).toEqual(expected)
  })

  test.each([
    ['no', 'write auto or false'],
    ['off', 'write auto or false'],
    ['Yes', 'write auto or false'],
    ['Tonistiigi/Binfmt', DEFAULT_INSTALLER_IMAGE],
    ['binfmt:bad tag', DEFAULT_INSTALLER_IMAGE],
    ['off!', DEFAULT_INSTALLER_IMAGE]
  ])('rejects %j naming the input', (raw, hint) => {
    const error = thrown(() => parseQemuInput(raw))
    expect(error.kind).toBe('invalid-input')
    expect(error.message).toMatch(
      /^input `qemu` is ".*": expected auto, false or an installer image reference \(.+\)$/
    )
    expect(error.hint).toContain(hint)
  })

  test('the default installer is pinned to a release tag, never latest', () => {
    const ref = parseReference(DEFAULT_INSTALLER_IMAGE)
    expect(ref).toMatchObject({ registry: 'docker.io', repository: 'tonistiigi/binfmt' })
    expect(ref.tag).toMatch(/^qemu-v\d+\.\d+\.\d+-\d+$/)
  })
})
