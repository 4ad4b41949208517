// In production, client registrations that point at this machine (the repository's sandbox entry for
// localhost:3000) are left out: they would offer nurses a sign-in to a server that is not there, and would put
// http://localhost into the app's connect-src. `--allow-localhost-clients` keeps them (an EHR on the same host).
import type { ClientRegistration, SmartConfig } from '../src/config/smart-config';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function pointsAtThisMachine(client: ClientRegistration): boolean {
  const hosts = [client.iss, client.redirectUri].flatMap((raw) => {
    try {
      return [new URL(raw).hostname];
    } catch {
      return []; // a relative redirectUri is on the app's own origin, whatever it is
    }
  });
  return hosts.some((h) => LOOPBACK.test(h) || h.endsWith('.localhost'));
}

export function withoutLocalhostClients(config: SmartConfig): { smartConfig: SmartConfig; dropped: string[] } {
  const dropped = config.clients.filter(pointsAtThisMachine);
  return {
    smartConfig: { ...config, clients: config.clients.filter((c) => !pointsAtThisMachine(c)) },
    dropped: dropped.map((c) => `${c.name} (${c.iss})`),
  };
}
