// Full-quarter import: the four real CMS files of ../shared/data/cms loaded and merged over the starter facts,
// as `derive --cms-dir` and the server do at start-up. Targets: under 3 s and under 300 MB.
// Peak RSS is the process's high-water mark (getrusage maxrss; the runner gives each benchmark a fresh process);
// peak heap is sampled every 10 ms while the import runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../src/catalog/load';

export default async function catalogImportBench(): Promise<Record<string, string | number>> {
  const cmsDir = path.resolve(process.cwd(), '../shared/data/cms');
  if (!existsSync(cmsDir)) return { skipped: `${cmsDir} does not exist` };

  const rssBefore = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 10);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { report } = await loadCatalog({ cmsDir });
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  return {
    quarter: report.quarter,
    files: report.files.filter((file) => file.used).length,
    codes: report.codes,
    ndcs: report.ndcs,
    'import time': `${(elapsed / 1000).toFixed(2)} s (target < 3 s)`,
    'cpu time': `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
    'peak rss': `${mb(peakRss)} (target < 300 MB; ${mb(rssBefore)} before the import)`,
    'peak heapUsed': mb(peakHeap),
    'heapUsed after': mb(process.memoryUsage().heapUsed),
  };
}
