// Reads smart-config.json from disk (Node doors only: CLI and server).
import { readFile } from 'node:fs/promises';
import { ConfigError, parseSmartConfig, type SmartConfig } from './smart-config';

export async function loadSmartConfig(path: string): Promise<SmartConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [`is not JSON: ${(err as Error).message}`]);
  }
  return parseSmartConfig(json, path);
}
