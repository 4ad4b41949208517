// What start-up prints: the CDS Hooks discovery URL an EHR analyst registers, and who may call it (the sandbox
// EHR, the issuers of smart-config.json, or nobody yet), beside the other addresses.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverConfigFrom } from '../../server/config';
import { startServer, type RunningServer } from '../../server/start';
import { startupText } from '../../server/startup-text';
import { fakeDist } from './helpers';

const dist = fakeDist();
const started: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((r) => r.close()));
  dist.remove();
});

async function textFor(args: string[], smartConfig: unknown): Promise<string> {
  const configPath = path.join(dist.dir, `smart-config-${started.length}.json`);
  writeFileSync(configPath, JSON.stringify(smartConfig));
  const config = serverConfigFrom(['--port', '0', '--dist', dist.dir, '--quiet', '--config', configPath, ...args], {});
  const running = await startServer(config);
  started.push(running);
  return startupText(running, config);
}

describe('the start-up text', () => {
  it('with the sandbox: the discovery URL, called by the sandbox EHR', async () => {
    const text = await textFor([], {});
    expect(text).toMatch(/^ {2}CDS Hooks: {5}GET http:\/\/localhost:\d+\/cds-services {2}\(called by the sandbox EHR \("Close visit"\)\)$/m);
    expect(text).toMatch(/^ {2}Sandbox EHR: {3}http:\/\/localhost:\d+\/sandbox\//m);
  });

  it('in production: the public discovery URL and the issuers allowed to call it, or that none is', async () => {
    const issuer = { iss: 'https://ehr.example.org', jwksUrl: 'https://ehr.example.org/jwks' };
    const production = ['--no-sandbox', '--allow-no-framing', '--public-url', 'https://jcode.example.org'];
    expect(await textFor(production, { cdsHooks: { issuers: [issuer] } })).toContain(
      '  CDS Hooks:     GET https://jcode.example.org/cds-services  (called by https://ehr.example.org)\n',
    );
    expect(await textFor(production, {})).toContain(
      '  CDS Hooks:     GET https://jcode.example.org/cds-services  (no EHR may call it yet: add cdsHooks.issuers to smart-config.json)\n',
    );
  });
});
