// The body of a CDS service call (CDS Hooks 2.0, "Calling a CDS Service", and the hooks' context tables):
// checked before anything is read, so a malformed call is a 400 naming the field rather than a half-done check.
import { z } from 'zod';
import { issueText } from '../../src/config/issue-text';
import type { HookName } from './services';

/** FHIR R4 id. Context ids go into FHIR URLs, so nothing else may pass. */
const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id (letters, digits, - and ., at most 64)');
/** "Practitioner/123", "PractitionerRole/123", "Patient/123" or "RelatedPerson/123". */
const userRef = z.string().regex(/^(Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}$/, 'must be a reference such as Practitioner/123');

const contextOf: Record<HookName, z.ZodTypeAny> = {
  'encounter-discharge': z.object({ userId: userRef, patientId: fhirId, encounterId: fhirId }).passthrough(),
  'patient-view': z.object({ userId: userRef, patientId: fhirId, encounterId: fhirId.optional() }).passthrough(),
};

const fhirAuthorization = z
  .object({
    access_token: z.string().min(1),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().nonnegative(),
    scope: z.string(),
    subject: z.string(),
    patient: z.string().optional(),
  })
  .passthrough();

const requestBase = z
  .object({
    hook: z.string().min(1),
    hookInstance: z.string().min(1).max(128),
    fhirServer: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL').optional(),
    fhirAuthorization: fhirAuthorization.nullable().optional(),
    context: z.unknown(),
    /** Prefetch key -> the resource the template asked for, or null when the client could not get it. */
    prefetch: z.record(z.unknown()).nullable().optional(),
  })
  .passthrough();

export interface HookContext {
  userId: string;
  patientId: string;
  encounterId?: string;
}

export interface HookRequest {
  hook: string;
  hookInstance: string;
  context: HookContext;
  prefetch: Record<string, unknown>;
  /** The EHR's FHIR server and a token for it, when it granted one; the token lives only as long as the call. */
  fhir?: { server: string; accessToken: string };
}

export type ParsedHookRequest = { ok: true; request: HookRequest } | { ok: false; problems: string[] };

export function parseHookRequest(json: unknown, hook: HookName): ParsedHookRequest {
  const base = requestBase.safeParse(json);
  if (!base.success) return { ok: false, problems: base.error.issues.map((i) => issueText(i, requestBase)) };
  if (base.data.hook !== hook) return { ok: false, problems: [`hook: this service answers '${hook}', not '${base.data.hook}'`] };
  if (base.data.context === undefined) return { ok: false, problems: ['context: required'] };
  const context = contextOf[hook].safeParse(base.data.context);
  if (!context.success) return { ok: false, problems: context.error.issues.map((i) => issueText({ ...i, path: ['context', ...i.path] }, requestBase)) };
  const auth = base.data.fhirAuthorization;
  if (auth && !base.data.fhirServer) return { ok: false, problems: ['fhirServer: required when fhirAuthorization is given'] };
  const { userId, patientId, encounterId } = context.data as HookContext;
  return {
    ok: true,
    request: {
      hook: base.data.hook,
      hookInstance: base.data.hookInstance,
      context: { userId, patientId, ...(encounterId ? { encounterId } : {}) },
      prefetch: base.data.prefetch ?? {},
      ...(auth && base.data.fhirServer ? { fhir: { server: base.data.fhirServer.replace(/\/+$/, ''), accessToken: auth.access_token } } : {}),
    },
  };
}
