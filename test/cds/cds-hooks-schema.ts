// CDS Hooks 2.0 JSON shapes (cds-hooks.hl7.org, 2.0: "Discovery", "CDS Service Response", "Card Attributes",
// "Source", "Link", "Coding", "Feedback", "Calling a CDS Service"), written for these tests from the
// specification's tables: REQUIRED fields required, enumerations closed, and the conditional rules checked.
import { z } from 'zod';

const absoluteUrl = z.string().url().refine((u) => /^https?:\/\//.test(u), 'an absolute http(s) URL');

export const coding = z.object({ code: z.string().min(1), system: z.string().optional(), display: z.string().optional() }).strict();

export const discoveryResponse = z
  .object({
    services: z.array(
      z
        .object({
          hook: z.string().min(1),
          title: z.string().optional(),
          description: z.string().min(1),
          id: z.string().regex(/^[A-Za-z0-9\-._~]+$/, 'usable in a URL path'),
          prefetch: z.record(z.string()).optional(),
          usageRequirements: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

const source = z
  .object({ label: z.string().min(1), url: absoluteUrl.optional(), icon: absoluteUrl.optional(), topic: coding.optional() })
  .strict();

const link = z
  .object({
    label: z.string().min(1),
    url: absoluteUrl,
    type: z.enum(['absolute', 'smart']),
    appContext: z.string().optional(),
  })
  .strict()
  .refine((l) => l.appContext === undefined || l.type === 'smart', 'appContext only with a smart link');

export const card = z
  .object({
    uuid: z.string().uuid().optional(),
    summary: z.string().min(1).max(139, 'a summary is shorter than 140 characters'),
    detail: z.string().optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source,
    suggestions: z.array(z.unknown()).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(coding.required({ display: true })).optional(),
    links: z.array(link).optional(),
  })
  .strict()
  .refine((c) => !c.suggestions || c.selectionBehavior, 'selectionBehavior is required with suggestions');

export const serviceResponse = z.object({ cards: z.array(card), systemActions: z.array(z.unknown()).optional() }).strict();

export const feedbackRequest = z
  .object({
    feedback: z.array(
      z
        .object({
          card: z.string().min(1),
          outcome: z.enum(['accepted', 'overridden']),
          acceptedSuggestions: z.array(z.object({ id: z.string() })).optional(),
          overrideReason: z.object({ reason: coding.optional(), userComment: z.string().optional() }).optional(),
          outcomeTimestamp: z.string().datetime({ offset: true }),
        })
        .strict(),
    ),
  })
  .strict();

export const hookRequest = z
  .object({
    hook: z.string(),
    hookInstance: z.string().uuid(),
    fhirServer: absoluteUrl.optional(),
    fhirAuthorization: z
      .object({
        access_token: z.string(),
        token_type: z.literal('Bearer'),
        expires_in: z.number().int(),
        scope: z.string(),
        subject: z.string(),
        patient: z.string().optional(),
      })
      .optional(),
    context: z.record(z.unknown()),
    prefetch: z.record(z.unknown()).optional(),
  })
  .strict();
