// GET /api/config: the public part of smart-config.json the launch page and the app need (client registrations,
// billing settings, claim destination). When the sandbox runs, its own registration is added for the origin the
// request came to, so an EHR launch from the sandbox works on whatever port or host name the server answers.
import { Hono } from 'hono';
import type { ClientRegistration, SmartConfig } from '../../src/config/smart-config';

export function configRoute(config: SmartConfig, sandboxClient?: (origin: string) => ClientRegistration): Hono {
  const routes = new Hono();
  routes.get('/api/config', (c) => {
    const origin = new URL(c.req.url).origin;
    const clients = sandboxClient ? [sandboxClient(origin), ...config.clients] : config.clients;
    c.header('Cache-Control', 'no-store');
    return c.json({ clients, billing: config.billing, claimDestination: config.claimDestination });
  });
  return routes;
}
