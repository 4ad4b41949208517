// GET /api/config: the public part of smart-config.json the launch page and the app need (client registrations,
// billing settings, claim destination). When the sandbox runs, its own registration is added for the server's own
// origin (server/own-origin.ts), so an EHR launch from the sandbox works on whatever port the server listens on.
import { Hono } from 'hono';
import type { ClientRegistration, SmartConfig } from '../../src/config/smart-config';
import { ownOrigin } from '../own-origin';

export function configRoute(config: SmartConfig, sandboxClient?: (origin: string) => ClientRegistration): Hono {
  const routes = new Hono();
  routes.get('/api/config', (c) => {
    const clients = sandboxClient ? [sandboxClient(ownOrigin(c)), ...config.clients] : config.clients;
    c.header('Cache-Control', 'no-store');
    return c.json({ clients, billing: config.billing, claimDestination: config.claimDestination });
  });
  return routes;
}
