/**
 * The one error type of the action: what failed (`message`, naming the input, reference or platform),
 * why (`kind`, from a short closed list) and what to do (`hint`). The application core (app/run.ts) hands
 * the Host `oneLine()` — message and hint on one line — and picks the exit code by `kind`. Code branches on
 * `kind`, or on a RegistryError's `details` (status, code), never on message text.
 */
export type ErrorKind =
  | 'invalid-input'
  | 'auth'
  | 'not-found'
  | 'digest-mismatch'
  | 'coverage'
  | 'registry'
  | 'build'
  | 'environment'
  /** A tag may not move: it is on a newer commit (`on-older`), or another publish changed it meanwhile. */
  | 'conflict'

export class ActionError extends Error {
  readonly kind: ErrorKind
  readonly hint: string | undefined
  /** References already moved when a publish failed part-way through its tags; empty otherwise. */
  readonly refsMoved: readonly string[]

  constructor(
    kind: ErrorKind,
    message: string,
    options: { hint?: string; cause?: unknown; refsMoved?: readonly string[] } = {}
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ActionError'
    this.kind = kind
    this.hint = options.hint
    this.refsMoved = options.refsMoved ?? []
  }

  /** The single line a user sees: "<message> — <hint>". */
  oneLine(): string {
    const line = this.hint ? `${this.message} — ${this.hint}` : this.message
    return line.replace(/\s*\n\s*/g, ' ')
  }
}

export function isActionError(error: unknown): error is ActionError {
  return error instanceof ActionError
}
