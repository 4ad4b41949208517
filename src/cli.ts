// The command-line door: `jcode-assist derive | catalog import | audit`. Every subcommand returns an exit code;
// nothing here calls process.exit, so tests can run main() in-process.
import { catalogImportCommand } from './catalog/import-command';
import { auditCommand } from './cli/audit-command';
import { deriveCommand } from './cli/derive-command';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

const USAGE = `usage:
  jcode-assist derive <bundle.json> [--cms-dir DIR] [--config smart-config.json] [--today YYYY-MM-DD]
  jcode-assist catalog import <DIR> [--json]
  jcode-assist audit <export-dir> [--cms-dir DIR] [--out DIR] [--since DATE] [--until DATE] [--pseudonymize]`;

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'derive':
      return deriveCommand(rest, io);
    case 'catalog':
      if (rest[0] === 'import') return catalogImportCommand(rest.slice(1), io);
      io.stderr.write(`jcode-assist: unknown catalog command ${rest[0] ? `'${rest[0]}'` : '(none)'}\n${USAGE}\n`);
      return 2;
    case 'audit':
      return auditCommand(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      io.stderr.write(`jcode-assist: unknown command ${command ? `'${command}'` : '(none)'}\n${USAGE}\n`);
      return 2;
  }
}
