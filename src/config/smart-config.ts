// smart-config.json: SMART client registrations per EHR and the billing settings an integrator must set
// (design.md, "Configuration"). Parsed once at start-up; every problem is reported with its JSON path.
import { KnownError } from '../errors';
import { z } from 'zod';
import type { BillingSettings } from '../billing/types';

const administrationClass = z.enum(['chemo', 'hormonal-antineoplastic', 'therapeutic', 'hydration', 'intravitreal']);
const containerType = z.enum(['single-dose', 'multi-dose']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const hcpcsOrNdc = z.string().regex(/^([A-Z]\d{4}|\d{11})$/, 'keys must be a HCPCS code (J1745) or an 11-digit NDC');

const client = z
  .object({
    /** Shown in the standalone-launch chooser. */
    name: z.string().min(1),
    /** The EHR's FHIR base URL; an EHR launch picks the registration whose iss matches. */
    iss: z.string().url(),
    clientId: z.string().min(1),
    scopes: z.string().min(1),
    /** Absolute, or relative to the app's origin. */
    redirectUri: z.string().min(1).default('/app/'),
    /** Listed in the standalone chooser. */
    standalone: z.boolean().default(true),
  })
  .strict();

const billing = z
  .object({
    setting: z.enum(['office', 'hospital-outpatient']).default('office'),
    placeOfService: z.string().regex(/^\d{2}$/, 'must be a two-digit CMS place-of-service code').default('11'),
    billingProvider: z
      .string()
      .regex(/^(Organization|Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/, 'must be a reference such as Organization/clinic')
      .optional(),
    wasteReasonCodes: z
      .array(z.object({ system: z.string().min(1), code: z.string().min(1), display: z.string().optional() }).strict())
      .default([]),
    administrationClass: z.record(hcpcsOrNdc, administrationClass).default({}),
    containerType: z.record(hcpcsOrNdc, containerType).default({}),
    bilateralIntravitreal: z.enum(['modifier-50', 'rt-lt']).default('modifier-50'),
    // CR 13056: JZ required for dates of service from 2023-07-01.
    jzRequiredFrom: isoDate.default('2023-07-01'),
  })
  .strict();

const claimDestination = z.union([
  z.literal('ehr'),
  z.object({ fhirBaseUrl: z.string().url() }).strict(),
]);

export const smartConfigSchema = z
  .object({
    $schema: z.string().optional(),
    clients: z.array(client).default([]),
    billing: billing.default({}),
    claimDestination: claimDestination.default('ehr'),
  })
  .strict();

export type SmartConfig = z.infer<typeof smartConfigSchema>;
export type ClientRegistration = z.infer<typeof client>;

export class ConfigError extends KnownError {
  readonly code = 'config-invalid';

  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }

  /** The problems on one line: the CLI's contract is a one-line message. */
  override get cliMessage(): string {
    return this.message.replace(/\n\s*/g, ' ');
  }
}

/** Validates parsed JSON; throws ConfigError listing every problem with its path. */
export function parseSmartConfig(json: unknown, source = 'smart-config.json'): SmartConfig {
  const parsed = smartConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      source,
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

export function billingSettingsOf(config: SmartConfig | undefined): BillingSettings {
  return (config ?? parseSmartConfig({})).billing;
}

export const defaultBillingSettings: BillingSettings = billingSettingsOf(undefined);
