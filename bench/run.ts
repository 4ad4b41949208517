// `npm run bench [-- NAME...]`: runs every bench/*.bench.ts (or those whose file name contains one of the NAMEs),
// in name order, each in its own child process so that one benchmark's heap and peak RSS never leak into the
// next one's figures. Each file's default export returns the figures to print: Record<string, string | number>.
// Prints a readable table per benchmark, then one JSON line with every figure (for tools that track them).
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Figures = Record<string, string | number>;
type BenchFunction = () => Promise<Figures>;

const benchDir = path.dirname(fileURLToPath(import.meta.url));
/** The child prints its figures on one line behind this marker, so a benchmark may log freely. */
const resultMarker = '@@bench-result@@';

async function main(args: string[]): Promise<number> {
  if (args[0] === '--child') return runChild(args[1] ?? '');
  const files = (await readdir(benchDir)).filter((name) => name.endsWith('.bench.ts')).sort();
  const selected = args.length === 0 ? files : files.filter((name) => args.some((arg) => name.includes(arg)));
  if (selected.length === 0) {
    process.stderr.write(`no benchmark matches ${args.join(' ') || '(none found in bench/)'}\n`);
    return 1;
  }
  const results: Record<string, Figures | { error: string }> = {};
  let failed = false;
  for (const file of selected) {
    const name = file.replace(/\.bench\.ts$/, '');
    process.stdout.write(`\n${name}\n`);
    const outcome = await runInChild(file);
    if ('error' in outcome) {
      failed = true;
      process.stdout.write(`  FAILED: ${outcome.error}\n`);
    } else {
      process.stdout.write(formatTable(outcome.figures));
    }
    results[name] = 'error' in outcome ? { error: outcome.error } : outcome.figures;
  }
  process.stdout.write(`\n${JSON.stringify({ bench: results })}\n`);
  return failed ? 1 : 0;
}

/** Runs one benchmark in a fresh Node process (through tsx, as this runner itself runs). */
function runInChild(file: string): Promise<{ figures: Figures } | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ error: error.message }));
    child.on('close', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith(resultMarker));
      const logged = output
        .split('\n')
        .filter((candidate) => candidate !== '' && !candidate.startsWith(resultMarker));
      for (const text of logged) process.stdout.write(`  | ${text}\n`);
      if (code !== 0 || line === undefined) {
        resolve({ error: `exited with code ${code ?? 'null'} without figures` });
        return;
      }
      resolve({ figures: JSON.parse(line.slice(resultMarker.length)) as Figures });
    });
  });
}

async function runChild(file: string): Promise<number> {
  const module = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    process.stderr.write(`${file} has no default export function\n`);
    return 1;
  }
  const figures = await (module.default as BenchFunction)();
  process.stdout.write(`${resultMarker}${JSON.stringify(figures)}\n`);
  return 0;
}

function formatTable(figures: Figures): string {
  const entries = Object.entries(figures);
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  return entries.map(([key, value]) => `  ${key.padEnd(width)}  ${String(value)}\n`).join('');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
