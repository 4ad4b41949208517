// deploy/kubernetes/audit-indexed-job.yaml: parsed as Kubernetes would read it, and its command lines run here
// as its pods would run them: the split, then the audit for JOB_COMPLETION_INDEX 0 and 1, on a local folder in
// place of the shared volume and a `jcode-assist` on the PATH that is this checkout's.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generateExport } from '../../scripts/synthetic-export';
import type { AuditSummary } from '../../src/audit/summary';
import { removeDir, tempDir } from '../audit/export-fixture';

interface Container {
  name: string;
  command: string[];
  env?: { name: string; value: string }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template?: { spec: { containers: Container[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[]; restartPolicy: string } };
  };
}

const file = resolve(import.meta.dirname, '../../deploy/kubernetes/audit-indexed-job.yaml');
const manifests = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
  expect(doc.errors).toEqual([]);
  return doc.toJS() as Manifest;
});
const job = (step: string) => {
  const found = manifests.find((m) => m.kind === 'Job' && m.metadata.labels?.step === step);
  if (!found) throw new Error(`no Job labelled step=${step}`);
  return found;
};
const container = (m: Manifest) => m.spec.template!.spec.containers[0]!;
const envOf = (c: Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));

let data: string;
let bin: string;
beforeAll(async () => {
  data = tempDir('k8s-volume');
  await generateExport({ outDir: join(data, 'export'), encounters: 120, seed: 9, faults: true });
  // `jcode-assist` on the PATH, as `npm link` puts it in the image.
  bin = join(data, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'jcode-assist'), `#!/bin/sh\nexec "${process.execPath}" "${resolve(import.meta.dirname, '../../bin/jcode-assist.js')}" "$@"\n`);
  chmodSync(join(bin, 'jcode-assist'), 0o755);
});
afterAll(() => removeDir(data));

/** Runs a container's command as its pod would, with the manifest's environment and the volume at `data`. */
function runPod(c: Container, extra: Record<string, string> = {}): string {
  const [shell, ...args] = c.command;
  return execFileSync(shell!, args, {
    env: { ...process.env, ...envOf(c), DATA: data, PATH: `${bin}${delimiter}${process.env.PATH}`, ...extra },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('the Kubernetes Indexed Job of the audit', () => {
  it('is an Indexed Job over as many parts as the split makes, on the one shared volume', () => {
    const parts = job('audit');
    expect(parts).toMatchObject({ apiVersion: 'batch/v1', spec: { completionMode: 'Indexed' } });
    expect(String(parts.spec.completions)).toBe(envOf(container(job('split'))).PARTS);
    expect(parts.spec.parallelism).toBeLessThanOrEqual(parts.spec.completions!);
    expect(container(parts).command.join(' ')).toContain('JOB_COMPLETION_INDEX');
    const claim = manifests.find((m) => m.kind === 'PersistentVolumeClaim')!.metadata.name;
    for (const step of ['split', 'audit', 'merge']) {
      const spec = job(step).spec.template!.spec;
      expect(spec.restartPolicy).toBe('Never');
      expect(spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: claim } }]);
      expect(container(job(step)).volumeMounts).toEqual([{ name: 'data', mountPath: envOf(container(job(step))).DATA }]);
    }
  });

  it('runs: the split makes the parts, and indices 0 and 1 audit part-000 and part-001 into results/', { timeout: 180_000 }, () => {
    runPod(container(job('split')));
    const parts = Number(envOf(container(job('split'))).PARTS);
    for (let i = 0; i < parts; i++) expect(existsSync(join(data, 'parts', `part-${String(i).padStart(3, '0')}`, 'manifest.json'))).toBe(true);
    // Without the CMS files on this machine: the starter catalog.
    for (const index of [0, 1]) runPod(container(job('audit')), { JOB_COMPLETION_INDEX: String(index), CMS_DIR: '' });
    for (const part of ['part-000', 'part-001']) {
      const summary = JSON.parse(readFileSync(join(data, 'results', part, 'summary.json'), 'utf8')) as AuditSummary;
      expect(summary.exports[0]!.dir).toBe(part);
      expect(summary.period).toEqual({ since: '2025-10-01', until: '2025-12-31' });
      expect(summary.run.threads).toBe(1);
    }
    expect(existsSync(join(data, 'results', 'part-002'))).toBe(false);
    // The merge adds up what is there (here two parts of eight) without complaint.
    runPod(container(job('merge')));
    const merged = JSON.parse(readFileSync(join(data, 'results', 'all', 'summary.json'), 'utf8')) as AuditSummary;
    expect(merged.run.parts).toBe(2);
    // The split's own summary has no period; the parts' period is the merge's.
    expect(merged.period).toEqual({ since: '2025-10-01', until: '2025-12-31' });
    expect(merged.tally.totals.administrations).toBeGreaterThan(0);
  });
});
