// The one error type for a mistake the user can fix in what they asked of the audit (an argument, a folder, a
// key): its message is one line that says what is wrong and what to do, and the CLI door (src/cli/audit-command.ts)
// prints it as it is and exits 2. Anything else thrown is a bug and is reported as one.
import { KnownError } from '../errors';

export class AuditUserError extends KnownError {
  constructor(
    /** Stable, kebab-case: what tests and scripts key on. */
    readonly code: string,
    message: string,
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'AuditUserError';
  }
}
