// `npm run gen:export -- --encounters N [--administrations N] [--seed N] [--faults] [--out DIR] [--lines-per-file N]`
// writes a synthetic FHIR Bulk Data export (scripts/synthetic-export.ts) and prints what it planted.
import { parseArgs } from 'node:util';
import { generateExport } from './synthetic-export';

const USAGE = `usage: npm run gen:export -- --encounters N [--administrations N] [--seed N] [--faults] [--out DIR] [--lines-per-file N]
  --encounters N        stop after N encounters
  --administrations N   or once N administrations are written, whichever comes first
  --seed N              the same seed and sizes give byte-identical files (default 1)
  --faults              plant the faults of real exports (truncated line, invalid JSON, wrong type, ...)
  --out DIR             where the export goes (default synthetic-export)
  --lines-per-file N    lines per NDJSON file before the next file of the type starts`;

function options() {
  return parseArgs({
    options: {
      encounters: { type: 'string' },
      administrations: { type: 'string' },
      seed: { type: 'string', default: '1' },
      faults: { type: 'boolean', default: false },
      out: { type: 'string', default: 'synthetic-export' },
      'lines-per-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, not "${text}"`);
  return n;
}

try {
  const values = options();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const encounters = count('encounters', values.encounters);
  const administrations = count('administrations', values.administrations);
  if (encounters === undefined && administrations === undefined) throw new Error('give --encounters N or --administrations N');
  const started = Date.now();
  const ledger = await generateExport({
    outDir: values.out,
    encounters,
    administrations,
    seed: count('seed', values.seed),
    faults: values.faults,
    linesPerFile: count('lines-per-file', values['lines-per-file']),
  });
  const { files, ...rest } = ledger;
  process.stdout.write(`${JSON.stringify({ out: values.out, seconds: (Date.now() - started) / 1000, files: files.length, ...rest }, null, 2)}\n`);
} catch (err) {
  process.stderr.write(`gen:export: ${(err as Error).message}\n${USAGE}\n`);
  process.exitCode = 2;
}
