// The one base type for errors a person can act on: bad input, bad configuration, a refusal, an EHR's error
// answer. Each door maps it once (the CLI in src/cli/command-failed.ts, the HTTP API in server/app.ts's
// onError, the app in src/ui/describe-error.ts): its message is shown as written, without a stack trace, and
// its statuses say how the door answers. Anything else that is thrown is a bug, and the doors treat it as one.

export abstract class KnownError extends Error {
  /** Stable and kebab-case: what tests, logs and integrators key on; never reworded. */
  abstract readonly code: string;
  /** The CLI's exit status for it: 2 is "the input could not be used" (docs/design.md, CLI). */
  readonly exitStatus: number = 2;
  /** The HTTP status an API answers it with. */
  readonly httpStatus: number = 400;

  /** The message where a door promises one line (the CLI's stderr); multi-line messages override it. */
  get cliMessage(): string {
    return this.message;
  }
}
