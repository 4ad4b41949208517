// The launch page has just read GET /api/config to pick the client registration; the app page, a few seconds
// later in the same tab, needs the same answer. The launch page leaves it in sessionStorage (this tab, this
// origin only) and the app takes it once, so the request is not repeated; a reload of the app asks the server.
import type { AppConfig } from './app-server';

const KEY = 'jcode-assist:config';

export function handOverConfig(config: AppConfig, storage: Storage = sessionStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(config));
  } catch {
    // Storage full or refused: the app asks the server itself.
  }
}

/** The launch page's config, removed as it is taken; undefined when there is none or it is not readable. */
export function takeHandedOverConfig(storage: Storage = sessionStorage): AppConfig | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(KEY);
    storage.removeItem(KEY);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  try {
    const config = JSON.parse(raw) as Partial<AppConfig>;
    return Array.isArray(config.clients) && typeof config.billing === 'object' && config.billing !== null && config.claimDestination !== undefined
      ? (config as AppConfig)
      : undefined;
  } catch {
    return undefined;
  }
}
