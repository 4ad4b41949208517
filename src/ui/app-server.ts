// The app's own server (server/): its configuration and the catalog entries of this encounter's products.
// Only NDCs and HCPCS codes are sent, never patient data (docs/design.md, "One engine, four doors").
// Types only from src/config: zod stays out of the browser bundle.
import type { BillingSettings } from '../billing';
import type { CatalogAnswer } from '../catalog/entries-for';
import type { ClientRegistration, SmartConfig } from '../config/smart-config';
import type { Products } from '../fhir/products';

/** GET /api/config: the validated smart-config.json (plus the sandbox's own registration when it runs). */
export interface AppConfig {
  clients: ClientRegistration[];
  billing: BillingSettings;
  claimDestination: SmartConfig['claimDestination'];
}

export type { CatalogAnswer } from '../catalog/entries-for';

export async function fetchConfig(): Promise<AppConfig> {
  const response = await fetch('/api/config', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/config answered ${response.status}`);
  return (await response.json()) as AppConfig;
}

export async function fetchCatalog(products: Products): Promise<CatalogAnswer> {
  const query = new URLSearchParams();
  for (const ndc of products.ndcs) query.append('ndc', ndc);
  for (const code of products.codes) query.append('code', code);
  const response = await fetch(`/api/catalog?${query.toString()}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/catalog answered ${response.status}`);
  return (await response.json()) as CatalogAnswer;
}
