/**
 * `mode: publish` run as the runner runs it, with docker/metadata-action's tags for two images on two
 * registries (the bench's anonymous one, where the build pushes, and the Basic-auth one, logged in
 * through the docker config): one build, an index in each repository, every tag moved; and the same
 * publish with the second registry refusing the credentials, which moves no tag in either.
 */
import { beforeAll, expect, test } from '@jest/globals'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { bench, daemons, describeOnDaemons, uniqueRepo } from '../support/bench.js'
import { dockerConfigFor, run, skopeoRaw } from '../support/docker.js'

interface Index {
  manifests: { digest: string; platform: { os: string; architecture: string } }[]
}

const { anonymous, basic } = bench().registries
const PLATFORMS = 'linux/amd64,linux/arm64'
const TAGS = ['1.2.0', 'latest']

/** docker/metadata-action's `tags` for `images: FIRST,SECOND`. */
const metadataTags = (first: string, second: string): string =>
  [first, second].flatMap((image) => TAGS.map((tag) => `${image}:${tag}`)).join('\n')

const tagOf = async (ref: string, registry: typeof basic | typeof anonymous): Promise<string | undefined> =>
  skopeoRaw(ref, registry).then(
    (raw) => raw,
    () => undefined
  )

// One toolchain is enough here: what is new happens after the build, in the registries.
const firstDaemon = (d: { name: string }): boolean => d.name === daemons()[0]?.name

describeOnDaemons(
  'mode: publish into two registries',
  () => {
    const first = `${anonymous.address}/${uniqueRepo('e2e/repos')}`
    const second = `${basic.address}/${uniqueRepo('e2e/repos')}`
    let result: ActionRun

    beforeAll(async () => {
      const docker = await dockerConfigFor([basic])
      result = await runAction(
        {
          mode: 'publish',
          image: first,
          tags: metadataTags(first, second),
          platforms: PLATFORMS,
          context: bench().context
        },
        { env: { ...docker, GITHUB_RUN_ID: `${Date.now()}` } }
      )
    })

    test('every tag of both images moved to the same index; outputs list each repository', async () => {
      expect(result.errors).toEqual([])
      expect(result.code).toBe(0)
      const digest = result.outputs.digest ?? ''
      expect(JSON.parse(result.outputs.refs ?? '[]')).toEqual(metadataTags(first, second).split('\n'))
      expect(JSON.parse(result.outputs.repositories ?? '{}')).toEqual({ [first]: digest, [second]: digest })
      const raw = await Promise.all([
        ...TAGS.map((t) => tagOf(`${first}:${t}`, anonymous)),
        ...TAGS.map((t) => tagOf(`${second}:${t}`, basic))
      ])
      expect(new Set(raw).size).toBe(1)
      const index = JSON.parse(raw[0] ?? '{}') as Index
      expect(
        index.manifests
          .filter((m) => m.platform.os !== 'unknown')
          .map((m) => `${m.platform.os}/${m.platform.architecture}`)
      ).toEqual(PLATFORMS.split(','))
    })

    test('the summary has a verified row per repository', () => {
      for (const repo of [first, second]) {
        expect(result.summary).toContain(`| \`${repo}\` | \`${result.outputs.digest ?? ''}\` | ✅ |`)
      }
    })
  },
  firstDaemon
)

describeOnDaemons(
  'mode: publish into two registries, the second refusing the credentials',
  () => {
    const first = `${anonymous.address}/${uniqueRepo('e2e/repos-refused')}`
    const second = `${basic.address}/${uniqueRepo('e2e/repos-refused')}`
    let result: ActionRun

    beforeAll(async () => {
      const docker = await dockerConfigFor([])
      result = await runAction(
        {
          mode: 'publish',
          image: first,
          tags: metadataTags(first, second),
          platforms: PLATFORMS,
          context: bench().context,
          'registry-auth': `registry=${basic.address},username=${basic.username},password=wrong-password`
        },
        { env: { ...docker, GITHUB_RUN_ID: `${Date.now()}` } }
      )
    })

    test('fails naming the second registry; no tag moved in either', async () => {
      expect(result.code).toBe(1)
      expect(result.errors.join('\n')).toContain(basic.address)
      const raw = await Promise.all([
        ...TAGS.map((t) => tagOf(`${first}:${t}`, anonymous)),
        ...TAGS.map((t) => tagOf(`${second}:${t}`, basic))
      ])
      expect(raw).toEqual([undefined, undefined, undefined, undefined])
    })

    test('failed before building: nothing was pushed into the first repository', async () => {
      // distribution answers 404 for the tags of a repository nothing was pushed to (the build pushes under a tag).
      await expect(run('skopeo', ['list-tags', '--tls-verify=false', `docker://${first}`])).rejects.toThrow(
        /registry 404/
      )
    })
  },
  firstDaemon
)
