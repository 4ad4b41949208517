// The launch page hands its GET /api/config answer to the app page through sessionStorage, taken once.
import { describe, expect, it } from 'vitest';
import { handOverConfig, takeHandedOverConfig } from '../../src/ui/config-handoff';
import type { AppConfig } from '../../src/ui/app-server';

function memoryStorage(failing = false): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => {
      if (failing) throw new Error('SecurityError');
      return items.get(k) ?? null;
    },
    setItem: (k, v) => {
      if (failing) throw new Error('QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k) => void items.delete(k),
  };
}

const config = { clients: [], billing: { setting: 'office' }, claimDestination: 'ehr' } as unknown as AppConfig;

describe('config hand-over', () => {
  it('gives the app the launch page’s answer once', () => {
    const storage = memoryStorage();
    handOverConfig(config, storage);
    expect(takeHandedOverConfig(storage)).toEqual(config);
    expect(takeHandedOverConfig(storage)).toBeUndefined();
  });

  it('gives nothing for a missing, broken or foreign entry, and survives refused storage', () => {
    const storage = memoryStorage();
    expect(takeHandedOverConfig(storage)).toBeUndefined();
    storage.setItem('jcode-assist:config', '{not json');
    expect(takeHandedOverConfig(storage)).toBeUndefined();
    storage.setItem('jcode-assist:config', JSON.stringify({ clients: 'x' }));
    expect(takeHandedOverConfig(storage)).toBeUndefined();
    const refusing = memoryStorage(true);
    expect(() => handOverConfig(config, refusing)).not.toThrow();
    expect(takeHandedOverConfig(refusing)).toBeUndefined();
  });
});
