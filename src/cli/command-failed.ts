// The CLI's one mapping from a thrown error to what the user sees (docs/design.md, CLI): a KnownError is one line
// on stderr and its exit status; anything else is a bug, so its stack follows, and the exit status is 2 as for
// any run that did not complete.
import { KnownError } from '../errors';

export function commandFailed(command: string, err: unknown, stderr: NodeJS.WritableStream): number {
  if (err instanceof KnownError) {
    stderr.write(`jcode-assist ${command}: ${err.cliMessage}\n`);
    return err.exitStatus;
  }
  stderr.write(`jcode-assist ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
  if (err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return 2;
}
