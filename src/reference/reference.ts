/**
 * Image references: parse, normalise and format them the way Docker does, so that the name a user writes in
 * the workflow means the same repository here as in `docker pull`. The grammar and the normalisation
 * rules follow github.com/distribution/reference (reference.go, regexp.go, normalize.go). Pure: no I/O.
 */
import { ActionError } from '../errors.js'

export interface ImageReference {
  registry: string
  repository: string
  tag?: string
  digest?: string
}

export interface ParseReferenceOptions {
  /** Tag used when the input names neither a tag nor a digest; `false` leaves the tag undefined. */
  defaultTag?: string | false
}

/** Docker Hub's canonical name; `docker.io/library/foo` is what `foo` means. */
const DOCKER_HUB = 'docker.io'
/** The legacy "Docker Index" name, still accepted and rewritten to docker.io (normalize.go). */
const DOCKER_HUB_LEGACY = 'index.docker.io'
/** docker.io does not serve the registry API itself; clients talk to this host (normalize.go, defaultDomain). */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io'
/** Namespace of Docker Hub's official images, implied for single-component names. */
const OFFICIAL_PREFIX = 'library/'
const DEFAULT_TAG = 'latest'
/** RepositoryNameTotalLengthMax in reference.go; it bounds the path, not the registry host. */
const MAX_REPOSITORY_LENGTH = 255

// The grammar of reference.go, written out as anchored expressions.
const PATH_COMPONENT_SOURCE = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*'
const TAG_SOURCE = '[A-Za-z0-9_][A-Za-z0-9._-]{0,127}'
const PATH_COMPONENT = new RegExp(`^${PATH_COMPONENT_SOURCE}$`)
const TAG = new RegExp(`^${TAG_SOURCE}$`)
// domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]; IPv6 only in brackets, without
// zone identifiers or embedded IPv4 (regexp.go, ipv6address); the port is any run of digits.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const REGISTRY = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`
)
/** A bare 64-hex string is an image ID, and normalize.go refuses to read it as a repository name. */
const IMAGE_ID = /^[a-f0-9]{64}$/

// Digest grammar (reference.go) and the algorithms go-digest knows, with their exact encoded lengths
// (OCI image-spec descriptor.md, "Registered algorithms": lowercase hex only).
const DIGEST_ALGORITHM = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 }

const HINTS = {
  example: 'write it as [registry/]repository[:tag][@digest], e.g. "ghcr.io/owner/app:1.0"',
  lowercase: 'repository paths are lowercase',
  pathComponent:
    'path components are lowercase letters and digits, joined by one ".", one or two "_", or any number of "-"',
  tag: 'tags are letters, digits, "_", "." and "-", start with a letter, digit or "_", and have at most 128 characters',
  registry: 'write the registry as host[:port], e.g. "ghcr.io", "localhost:5000" or "[::1]:5000"',
  digest: 'copy the whole digest, e.g. "sha256:" followed by 64 lowercase hex characters',
  algorithm: `use one of ${Object.keys(DIGEST_HEX_LENGTH).join(', ')}`
} as const

interface Problem {
  problem: string
  hint: string
}

function invalid(what: string, input: string, { problem, hint }: Problem): ActionError {
  // JSON quoting keeps the message on one line even when the input holds a newline.
  return new ActionError('invalid-input', `invalid ${what} ${JSON.stringify(input)}: ${problem}`, { hint })
}

export function isValidTag(s: string): boolean {
  return TAG.test(s)
}

/** Why `s` is not a digest, or undefined when it is one. */
function digestProblem(s: string): Problem | undefined {
  const colon = s.indexOf(':')
  const algorithm = colon < 0 ? '' : s.slice(0, colon)
  const hex = s.slice(colon + 1)
  if (colon < 0 || !DIGEST_ALGORITHM.test(algorithm) || hex === '') {
    return { problem: 'digest must be algorithm:hex', hint: HINTS.digest }
  }
  const length = DIGEST_HEX_LENGTH[algorithm]
  if (length === undefined) {
    return { problem: `unsupported digest algorithm ${JSON.stringify(algorithm)}`, hint: HINTS.algorithm }
  }
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
    return { problem: `${algorithm} digest must be ${length} lowercase hex characters`, hint: HINTS.digest }
  }
  return undefined
}

export function isValidDigest(s: string): boolean {
  return digestProblem(s) === undefined
}

export function parseDigest(s: string): { algorithm: string; hex: string } {
  const problem = digestProblem(s)
  if (problem) throw invalid('digest', s, problem)
  const colon = s.indexOf(':')
  return { algorithm: s.slice(0, colon), hex: s.slice(colon + 1) }
}

interface Parts {
  name: string
  tag: string | undefined
  digest: string | undefined
}

/**
 * Cuts `name[:tag][@digest]`. The digest starts at the first "@" (neither names nor tags contain one); the
 * tag at the first ":" of the last path component, so "host:5000/app" keeps its port and a bracketed IPv6
 * host in a one-component name is not cut inside its brackets.
 */
function splitParts(input: string): Parts {
  const at = input.indexOf('@')
  const beforeDigest = at < 0 ? input : input.slice(0, at)
  const digest = at < 0 ? undefined : input.slice(at + 1)
  const lastComponent = beforeDigest.lastIndexOf('/') + 1
  const bracketEnd = beforeDigest.startsWith('[', lastComponent)
    ? beforeDigest.indexOf(']', lastComponent)
    : -1
  const colon = beforeDigest.indexOf(':', Math.max(lastComponent, bracketEnd))
  if (colon < 0) return { name: beforeDigest, tag: undefined, digest }
  return { name: beforeDigest.slice(0, colon), tag: beforeDigest.slice(colon + 1), digest }
}

/**
 * The first component names a registry only if it contains "." or ":" or is "localhost"; otherwise the
 * whole name is a Docker Hub path (normalize.go, splitDockerDomain). Unlike normalize.go we do not also
 * treat an uppercase first component ("Foo/bar") as a host: that reads as a mistyped repository.
 */
function splitRegistry(name: string): { registry: string | undefined; path: string } {
  const slash = name.indexOf('/')
  if (slash < 0) return { registry: undefined, path: name }
  const first = name.slice(0, slash)
  const isHost = first === 'localhost' || first.includes('.') || first.includes(':')
  return isHost ? { registry: first, path: name.slice(slash + 1) } : { registry: undefined, path: name }
}

function registryProblem(registry: string): Problem | undefined {
  if (!REGISTRY.test(registry)) {
    return {
      problem: `registry ${JSON.stringify(registry)} is not a valid host[:port]`,
      hint: HINTS.registry
    }
  }
  // The grammar takes any run of digits; a TCP port is 1–65535 (else the URL cannot even be built).
  const port = /:([0-9]+)$/.exec(registry)?.[1]
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    return {
      problem: `registry ${JSON.stringify(registry)} has port ${port}, outside 1–65535`,
      hint: 'correct the port number of the registry (e.g. "localhost:5000")'
    }
  }
  return undefined
}

function pathProblem(path: string): Problem | undefined {
  for (const component of path.split('/')) {
    if (component === '') {
      return { problem: 'repository path has an empty component', hint: 'remove the extra "/"' }
    }
    if (PATH_COMPONENT.test(component)) continue
    if (PATH_COMPONENT.test(component.toLowerCase())) {
      const hint = `${HINTS.lowercase}: use ${JSON.stringify(path.toLowerCase())}`
      return { problem: 'repository name must be lowercase', hint }
    }
    const problem = `repository path component ${JSON.stringify(component)} must match ${PATH_COMPONENT_SOURCE}`
    return { problem, hint: HINTS.pathComponent }
  }
  return undefined
}

/** Checked on the normalised path, "library/" included, as reference.go does after normalize.go. */
function lengthProblem(repository: string): Problem | undefined {
  if (repository.length <= MAX_REPOSITORY_LENGTH) return undefined
  const problem = `repository name must not be more than ${MAX_REPOSITORY_LENGTH} characters (it has ${repository.length})`
  return { problem, hint: 'shorten the repository path' }
}

/** Docker Hub spellings become docker.io, and its single-component names gain the official namespace. */
function normalise(registry: string | undefined, path: string): { registry: string; repository: string } {
  const host = registry === undefined || registry === DOCKER_HUB_LEGACY ? DOCKER_HUB : registry
  const official = host === DOCKER_HUB && !path.includes('/')
  return { registry: host, repository: official ? OFFICIAL_PREFIX + path : path }
}

function referenceProblem(input: string, parts: Parts): Problem | undefined {
  if (input === '') return { problem: 'reference is empty', hint: HINTS.example }
  if (IMAGE_ID.test(input)) {
    const problem = 'a 64-character hex string is an image ID, not a repository name'
    return { problem, hint: 'name the repository, or pin the image as "name@sha256:<hex>"' }
  }
  if (parts.name === '') return { problem: 'repository name is missing', hint: HINTS.example }
  const { registry, path } = splitRegistry(parts.name)
  const problem = (registry === undefined ? undefined : registryProblem(registry)) ?? pathProblem(path)
  if (problem) return problem
  if (parts.tag !== undefined && !isValidTag(parts.tag)) {
    return { problem: `tag must match ${TAG_SOURCE}`, hint: HINTS.tag }
  }
  return parts.digest === undefined ? undefined : digestProblem(parts.digest)
}

function parseAs(what: string, input: string, defaultTag: string | false): ImageReference {
  const parts = splitParts(input)
  const problem = referenceProblem(input, parts)
  if (problem) throw invalid(what, input, problem)
  const { registry, path } = splitRegistry(parts.name)
  const normalised = normalise(registry, path)
  const tooLong = lengthProblem(normalised.repository)
  if (tooLong) throw invalid(what, input, tooLong)
  const tag = parts.tag ?? (parts.digest === undefined && defaultTag !== false ? defaultTag : undefined)
  return {
    ...normalised,
    ...(tag === undefined ? {} : { tag }),
    ...(parts.digest === undefined ? {} : { digest: parts.digest })
  }
}

/**
 * `foo` → docker.io/library/foo:latest. A reference with both a tag and a digest keeps both (Docker's
 * ParseDockerRef would drop the tag); the tag defaults only when neither is given.
 */
export function parseReference(input: string, options: ParseReferenceOptions = {}): ImageReference {
  const defaultTag = options.defaultTag ?? DEFAULT_TAG
  if (defaultTag !== false && !isValidTag(defaultTag)) {
    throw invalid('default tag', defaultTag, { problem: `tag must match ${TAG_SOURCE}`, hint: HINTS.tag })
  }
  return parseAs('image reference', input, defaultTag)
}

/** A repository alone (`ghcr.io/owner/app`): a tag or digest in the input is an error, not ignored. */
export function parseRepository(input: string): { registry: string; repository: string } {
  const { registry, repository, tag, digest } = parseAs('repository', input, false)
  if (digest !== undefined) {
    throw invalid('repository', input, {
      problem: `a repository must not include a digest ("@${digest}")`,
      hint: 'remove the "@…" part'
    })
  }
  if (tag !== undefined) {
    // "localhost:5000" alone parses as the Docker Hub repository "localhost" with tag "5000".
    const hint = /^[0-9]+$/.test(tag)
      ? `remove the ":${tag}" part; if it is a registry port, add a path: "${input}/app"`
      : `remove the ":${tag}" part`
    throw invalid('repository', input, { problem: `a repository must not include a tag (":${tag}")`, hint })
  }
  return { registry, repository }
}

export function formatReference(ref: ImageReference): string {
  const tag = ref.tag === undefined ? '' : `:${ref.tag}`
  const digest = ref.digest === undefined ? '' : `@${ref.digest}`
  return `${ref.registry}/${ref.repository}${tag}${digest}`
}

/**
 * The short form `docker` prints: docker.io is dropped, and so is "library/" when one component remains
 * (normalize.go, familiarizeName), so `library/foo/bar` stays as it is.
 */
export function familiarName(ref: ImageReference): string {
  const full = formatReference(ref)
  if (ref.registry !== DOCKER_HUB) return full
  const short = full.slice(DOCKER_HUB.length + 1)
  const remainder = ref.repository.slice(OFFICIAL_PREFIX.length)
  const official = ref.repository.startsWith(OFFICIAL_PREFIX) && !remainder.includes('/')
  return official ? short.slice(OFFICIAL_PREFIX.length) : short
}

/** Replaces the tag and keeps any digest, as reference.go's WithTag does. */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  if (!isValidTag(tag))
    throw invalid('tag', tag, { problem: `tag must match ${TAG_SOURCE}`, hint: HINTS.tag })
  return { ...ref, tag }
}

/** Replaces the digest and keeps any tag, as reference.go's WithDigest does. */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  parseDigest(digest)
  return { ...ref, digest }
}

export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB || registry === DOCKER_HUB_LEGACY ? DOCKER_HUB_API_HOST : registry
}

/** The host part of `host[:port]`, brackets removed from IPv6. */
function hostOf(registry: string): string {
  if (registry.startsWith('[')) {
    const end = registry.indexOf(']')
    return end < 0 ? registry : registry.slice(1, end)
  }
  const colon = registry.indexOf(':')
  return colon < 0 ? registry : registry.slice(0, colon)
}

function isIpv4Loopback(host: string): boolean {
  const octets = host.split('.')
  const valid = octets.length === 4 && octets.every((o) => /^[0-9]{1,3}$/.test(o) && Number(o) <= 255)
  return valid && octets[0] === '127'
}

/** The eight 16-bit groups of an IPv6 address written with at most one "::", or undefined. */
function ipv6Groups(host: string): number[] | undefined {
  const halves = host.split('::')
  if (halves.length > 2) return undefined
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'))
  const head = groups(halves[0] ?? '')
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail]
  return all.every((g) => /^[a-fA-F0-9]{1,4}$/.test(g)) ? all.map((g) => parseInt(g, 16)) : undefined
}

/** ::1 in any spelling RFC 5952 allows to be parsed (`::1`, `0::1`, `0:0:0:0:0:0:0:1`). */
function isIpv6Loopback(host: string): boolean {
  return ipv6Groups(host)?.join(':') === '0:0:0:0:0:0:0:1'
}

/**
 * Loopback registries are the ones Docker lets clients reach over plain HTTP without configuration:
 * localhost, 127.0.0.0/8 and [::1], with or without a port.
 */
export function isLoopbackRegistry(registry: string): boolean {
  const host = hostOf(registry).toLowerCase()
  if (host === 'localhost') return true
  return registry.startsWith('[') ? isIpv6Loopback(host) : isIpv4Loopback(host)
}
