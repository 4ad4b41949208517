// What `npm start` / `npm run serve` print once the server listens: every address a nurse, an integrator or an
// EHR analyst needs, and what the configuration leaves out.
import type { ServerConfig } from './config';
import type { RunningServer } from './start';

export function startupText(running: RunningServer, config: ServerConfig): string {
  const issuers = running.smartConfig.cdsHooks.issuers.map((i) => i.iss);
  const cdsCallers = [...(running.sandbox ? ['the sandbox EHR ("Close visit")'] : []), ...issuers];
  const lines = [
    `J-Code Assist is running at ${running.url}`,
    config.publicUrl ? `  Listening on:  http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${running.port}/` : undefined,
    running.sandbox
      ? `  Sandbox EHR:   ${running.url}sandbox/  (sample patients: open one "from the EHR")`
      : '  Sandbox EHR:   off (production mode)',
    running.sandbox ? `  Sandbox FHIR:  ${running.url}sandbox/fhir` : undefined,
    `  Launch URL:    ${running.url}launch/    Redirect URL: ${running.url}app/`,
    `  API:           POST ${running.url}api/derive, GET ${running.url}api/catalog, GET ${running.url}healthz`,
    // The discovery URL is what an EHR analyst registers; without a trusted issuer every call is refused (401).
    `  CDS Hooks:     GET ${running.url}cds-services  (${cdsCallers.length ? `called by ${cdsCallers.join(', ')}` : 'no EHR may call it yet: add cdsHooks.issuers to smart-config.json'})`,
    `  Catalog:       ${running.catalog.index.quarter} (${running.catalog.report.codes} codes, ${running.catalog.report.products} NDC products)`,
    `  Configuration: ${running.smartConfigSource}`,
    config.ehrOrigins.length
      ? `  EHR origins allowed to embed the app: ${config.ehrOrigins.join(', ')}`
      : `  EHR origins:   none${running.sandbox ? ' besides the sandbox' : ' (--allow-no-framing): no EHR can embed the app'}`,
    config.sandboxRedirectUris.length ? `  Sandbox also sends codes to: ${config.sandboxRedirectUris.join(', ')}` : undefined,
    ...running.droppedClients.map((c) => `  Left out (points at localhost; --allow-localhost-clients keeps it): ${c}`),
    running.sandbox ? `To try it, open ${running.url}sandbox/ in a browser and pick a sample patient. Press Ctrl+C to stop.` : 'Press Ctrl+C to stop.',
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}
