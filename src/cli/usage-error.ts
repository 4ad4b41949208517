// A command line the CLI cannot run as given (missing argument, bad option value, unreadable input file).
import { KnownError } from '../errors';

export class UsageError extends KnownError {
  override readonly name = 'UsageError';
  readonly code = 'usage';
}
