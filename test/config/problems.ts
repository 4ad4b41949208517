// What parseSmartConfig refuses in a configuration: its problems as an integrator reads them, none when it is taken.
import { ConfigError, parseSmartConfig } from '../../src/config/smart-config';

export function problemsOf(json: unknown): string[] {
  try {
    parseSmartConfig(json);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
