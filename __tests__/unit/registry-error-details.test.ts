/**
 * A RegistryError names the request it is about: the real method and URL, never GET for a PUT nor a
 * description where the URL belongs. These writes are refused before anything is sent, so no registry
 * is needed; the answers refused after a request are checked in integration/registry-faults.
 */
import { describe, expect, test } from '@jest/globals'
import { RegistryClient } from '../../src/registry/client.js'
import { RegistryError } from '../../src/registry/errors.js'
import { rejected } from '../support/thrown.js'

const ref = { registry: '127.0.0.1:5999', repository: 'acme/app' }
const manifest = Buffer.from('{"schemaVersion":2,"manifests":[]}')
const otherDigest = 'sha256:' + '0'.repeat(64)

async function detailsOf(promise: Promise<unknown>): Promise<RegistryError['details']> {
  const error = await rejected(promise)
  if (!(error instanceof RegistryError)) throw new Error(`not a RegistryError: ${error.oneLine()}`)
  return error.details
}

describe('a manifest PUT refused before it is sent', () => {
  test('over 4 MiB: PUT and the manifest URL', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 0x20)
    const details = await detailsOf(
      new RegistryClient().putManifest({ ...ref, tag: 'v1' }, big, 'application/vnd.oci.image.index.v1+json')
    )
    expect(details).toMatchObject({ method: 'PUT', url: 'http://127.0.0.1:5999/v2/acme/app/manifests/v1' })
  })

  test('bytes that are not the digest named: PUT and the URL by digest', async () => {
    const details = await detailsOf(
      new RegistryClient().putManifest(
        { ...ref, digest: otherDigest },
        manifest,
        'application/vnd.oci.image.index.v1+json'
      )
    )
    expect(details).toMatchObject({
      method: 'PUT',
      url: `http://127.0.0.1:5999/v2/acme/app/manifests/${otherDigest}`
    })
  })
})
