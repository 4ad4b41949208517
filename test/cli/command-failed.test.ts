// The CLI's one error mapping: what a user sees for an error the program expected, and for a bug.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CmsFolderError } from '../../src/catalog/load';
import { commandFailed } from '../../src/cli/command-failed';
import { UsageError } from '../../src/cli/usage-error';
import { ConfigError } from '../../src/config/smart-config';
import { KnownError } from '../../src/errors';

function stderrOf(run: (stderr: PassThrough) => number): { status: number; text: string } {
  const stderr = new PassThrough();
  const status = run(stderr);
  return { status, text: stderr.read()?.toString() ?? '' };
}

describe('commandFailed', () => {
  it('prints a known error as one line with the command, and exits with its status', () => {
    const { status, text } = stderrOf((s) => commandFailed('derive', new UsageError('--today must be a date YYYY-MM-DD, not "x"'), s));
    expect(status).toBe(2);
    expect(text).toBe('jcode-assist derive: --today must be a date YYYY-MM-DD, not "x"\n');
  });

  it("puts a configuration's problems on one line (the CLI contract), though the message lists them on lines", () => {
    const err = new ConfigError('smart-config.json', ['billing.setting: wrong', 'clients[0].iss: not a URL']);
    expect(err.message.split('\n')).toHaveLength(3);
    const { text } = stderrOf((s) => commandFailed('audit', err, s));
    expect(text).toBe('jcode-assist audit: smart-config.json is not valid: - billing.setting: wrong - clients[0].iss: not a URL\n');
  });

  it('uses the exit status a known error carries', () => {
    class Unusable extends KnownError {
      readonly code = 'unusable';
      override readonly exitStatus = 1;
    }
    expect(stderrOf((s) => commandFailed('catalog import', new Unusable('the folder has no usable files'), s))).toEqual({
      status: 1,
      text: 'jcode-assist catalog import: the folder has no usable files\n',
    });
  });

  it('follows anything else (a bug) with its stack, exit 2', () => {
    const bug = new TypeError('cannot read properties of undefined');
    const { status, text } = stderrOf((s) => commandFailed('derive', bug, s));
    expect(status).toBe(2);
    expect(text.startsWith('jcode-assist derive: cannot read properties of undefined\nTypeError: cannot read properties of undefined\n')).toBe(true);
    expect(text).toContain('command-failed.test.ts');
  });

  it('gives every error the doors expect a stable code and statuses', () => {
    const known = [new UsageError('u'), new CmsFolderError('c'), new ConfigError('f', ['p'])];
    expect(known.map((e) => [e instanceof KnownError, e.code, e.exitStatus, e.httpStatus])).toEqual([
      [true, 'usage', 2, 400],
      [true, 'cms-folder-unreadable', 2, 400],
      [true, 'config-invalid', 2, 400],
    ]);
  });
});
