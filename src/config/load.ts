// Reads smart-config.json from disk (Node doors only: CLI and server), and the fee schedule file it names, so the
// engine receives the fees as data. Every problem of both files is reported at once, with its line.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FEE_FILE_BYTES, parseFeeSchedule } from './fee-schedule';
import { ConfigError, jsonSyntaxProblems, smartConfigProblems, type SmartConfig } from './smart-config';

export async function loadSmartConfig(configPath: string): Promise<SmartConfig> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (err) {
    throw new ConfigError(configPath, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  // A byte-order mark is not JSON, but editors on Windows write one; it carries no meaning.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const located = jsonSyntaxProblems(text);
    throw new ConfigError(configPath, located.length > 0 ? located : [`is not JSON: ${(err as Error).message}`]);
  }
  const { config, problems } = smartConfigProblems(json, text);
  const feeFile = feeScheduleFileOf(json);
  const fees = feeFile === undefined ? undefined : await readFeeSchedule(path.resolve(path.dirname(configPath), feeFile), problems);
  if (problems.length > 0 || !config) throw new ConfigError(configPath, problems, json);
  return fees ? { ...config, billing: { ...config.billing, fees } } : config;
}

/** billing.feeScheduleFile as written, read even when other settings are invalid so its problems are listed too. */
function feeScheduleFileOf(json: unknown): string | undefined {
  const billing = (json as { billing?: { feeScheduleFile?: unknown } } | null)?.billing;
  const file = typeof billing === 'object' && billing !== null ? billing.feeScheduleFile : undefined;
  return typeof file === 'string' && file.length > 0 ? file : undefined;
}

async function readFeeSchedule(file: string, problems: string[]): Promise<Record<string, number> | undefined> {
  const where = `billing.feeScheduleFile ${file}`;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_FEE_FILE_BYTES) {
      problems.push(`${where}: is ${size} bytes; a fee schedule of more than ${MAX_FEE_FILE_BYTES} bytes is not accepted`);
      return undefined;
    }
    const result = parseFeeSchedule(await readFile(file, 'utf8'));
    problems.push(...result.problems.map((p) => `${where} ${p}`));
    return result.fees;
  } catch (err) {
    problems.push(`${where}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return undefined;
  }
}
