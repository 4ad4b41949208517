// smart-config.json "cdsHooks": which EHRs may call the CDS Hooks service and how their JWTs are checked
// (docs/design.md, "CDS Hooks"). Validated at start-up with the rest of the file, every problem with its path, so a
// wrong key or URL is found before the first EHR call rather than as a 401 in production.
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';

/** CDS Hooks 2.0, "Trusting CDS Clients": clients sign with ES384 or RS384, and services must accept both. */
export const CDS_JWT_ALGORITHMS = ['ES384', 'RS384'] as const;

/** https, or http on the loopback interface (a local EHR or a test). */
const secureUrl = z
  .string()
  .url()
  .refine((raw) => {
    const url = new URL(raw);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  }, 'must be an https URL (http only for localhost)');

const jwk = z.record(z.unknown()).superRefine((key, ctx) => {
  if ('d' in key || 'p' in key || 'k' in key) {
    ctx.addIssue({ code: 'custom', message: 'holds private or symmetric key material: configure the public key only' });
    return;
  }
  if (key.kty !== 'EC' && key.kty !== 'RSA') {
    ctx.addIssue({ code: 'custom', message: `kty must be EC (ES384) or RSA (RS384), got ${JSON.stringify(key.kty ?? null)}` });
    return;
  }
  if (key.kty === 'EC' && key.crv !== 'P-384') {
    ctx.addIssue({ code: 'custom', message: `an EC key for ES384 must be on curve P-384, got ${JSON.stringify(key.crv ?? null)}` });
    return;
  }
  try {
    createPublicKey({ key: key as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `is not a usable public key (${(err as Error).message})` });
  }
});

const issuer = z
  .object({
    /** The `iss` claim the EHR puts in its JWTs, compared exactly. */
    iss: z.string().min(1),
    /** The EHR's public keys inline (a JWK Set). */
    jwks: z.object({ keys: z.array(jwk).min(1) }).passthrough().optional(),
    /** Where the EHR publishes its JWK Set; fetched when a token names a key not yet seen, and cached. */
    jwksUrl: secureUrl.optional(),
    /** JWK Set URLs this EHR may name in a token's `jku` header; any other `jku` is refused. */
    jku: z.array(secureUrl).default([]),
  })
  .strict()
  .refine((i) => i.jwks || i.jwksUrl || i.jku.length > 0, 'needs its keys: jwks (inline), jwksUrl, or allowed jku URLs');

export const cdsHooksConfigSchema = z
  .object({
    /** The app's SMART launch URL put in cards' links; default `{the server's public URL}/launch/`. */
    appLaunchUrl: secureUrl.optional(),
    /** Time to answer a hook, FHIR reads included; past it the EHR gets no card and the reason is logged. */
    budgetMs: z.number().int().min(100).max(10_000).default(1500),
    issuers: z.array(issuer).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.issuers.forEach((i, n) => {
      if (seen.has(i.iss)) ctx.addIssue({ code: 'custom', path: ['issuers', n, 'iss'], message: `'${i.iss}' is listed twice` });
      seen.add(i.iss);
    });
  });

export type CdsHooksConfig = z.infer<typeof cdsHooksConfigSchema>;
export type CdsIssuer = z.infer<typeof issuer>;

/**
 * A token's `aud` must be `{public URL}/cds-services/{id}`. Without a configured public URL (--public-url /
 * JCODE_PUBLIC_URL) the server does not know the URL EHRs call it at, and every EHR token would be refused:
 * said at start-up rather than as 401s in production.
 */
export function cdsStartupProblems(config: { issuers: readonly unknown[] }, publicUrl: string | undefined): string[] {
  if (config.issuers.length === 0 || publicUrl) return [];
  return [
    'smart-config.json cdsHooks.issuers: EHRs are configured to call the CDS service, but the server has no --public-url / JCODE_PUBLIC_URL; their tokens name {public URL}/cds-services/{id} as aud, so set it',
  ];
}
