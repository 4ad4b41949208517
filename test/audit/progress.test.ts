// The audit's progress bar on stderr: drawn on a terminal with the amount done, the rate and the time left, one
// bar per pass; nothing at all when stderr is piped or redirected.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from '../../src/audit/progress';

/** A stream that records what is written, as a terminal (isTTY) or as a pipe. */
function stream(isTTY: boolean): Writable & { text: () => string } {
  const chunks: string[] = [];
  const s = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { text: () => string; isTTY?: boolean; columns?: number };
  s.isTTY = isTTY;
  s.columns = 160;
  s.text = () => chunks.join('');
  return s;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressBar', () => {
  it('shows megabytes read, the rate once it means something, and the time left', () => {
    vi.useFakeTimers({ now: new Date('2026-01-15T08:00:00Z'), toFake: ['Date'] });
    const out = stream(true);
    const bar = new ProgressBar(out);
    const MB = 1024 * 1024;
    bar.update({ phase: 'read', done: MB, total: 100 * MB });
    expect(out.text()).toContain('reading ');
    expect(out.text()).toContain('1 / 100 MB | -/s');
    vi.setSystemTime(new Date('2026-01-15T08:00:02Z'));
    bar.update({ phase: 'read', done: 50 * MB, total: 100 * MB });
    bar.stop();
    expect(out.text()).toContain('50% | 50 / 100 MB | 25/s | ETA 2s');
  });

  it('starts a bar of administrations for the audit pass', () => {
    const out = stream(true);
    const bar = new ProgressBar(out);
    bar.update({ phase: 'read', done: 10, total: 10 });
    bar.update({ phase: 'audit', done: 1500, total: 3000 });
    bar.stop();
    expect(out.text()).toContain('reading ');
    expect(out.text()).toContain('auditing');
    expect(out.text()).toContain('1,500 / 3,000 MedicationAdministration resources');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const out = stream(false);
    const bar = new ProgressBar(out);
    bar.update({ phase: 'read', done: 5, total: 10 });
    bar.update({ phase: 'audit', done: 5, total: 10 });
    bar.stop();
    expect(out.text()).toBe('');
  });
});
