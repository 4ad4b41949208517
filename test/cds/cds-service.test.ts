// The CDS Hooks door end to end inside the server: discovery, encounter-discharge and patient-view on the
// sandbox's sample patients (prefetched, read from a real FHIR server over HTTP, or partly both), the cards'
// shape against CDS Hooks 2.0, and every bad input the issue lists answered with 400/413 or no card.
import type { Encounter, MedicationAdministration, Resource } from 'fhir/r4';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ORIGIN } from '../server/helpers';
import { discoveryResponse, serviceResponse } from './cds-hooks-schema';
import {
  cdsTestApp,
  dischargeCall,
  faultyServer,
  fhirAuthorization,
  listening,
  PATIENT_VIEW,
  searchset,
  SERVICE,
  type CdsTestApp,
} from './helpers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(opts: Parameters<typeof cdsTestApp>[0] = {}): Promise<CdsTestApp> {
  const t = await cdsTestApp(opts);
  cleanups.push(t.cleanup);
  return t;
}

async function cardsOf(res: Response): Promise<z.infer<typeof serviceResponse>['cards']> {
  expect(res.status).toBe(200);
  const body = await res.json();
  return serviceResponse.parse(body).cards;
}


describe('GET /cds-services', () => {
  it('lists the two services in the CDS Hooks 2.0 discovery shape, open to any caller', async () => {
    const t = await setup();
    const res = await t.app.request(`${ORIGIN}/cds-services`, { headers: { origin: 'https://ehr.example.org' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const { services } = discoveryResponse.parse(await res.json());
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      [SERVICE, 'encounter-discharge'],
      [PATIENT_VIEW, 'patient-view'],
    ]);
    const discharge = services[0]!.prefetch!;
    expect(discharge.encounter).toBe('Encounter/{{context.encounterId}}');
    expect(discharge.administrations).toBe('MedicationAdministration?patient={{context.patientId}}&_include=MedicationAdministration:medication');
    expect(Object.keys(discharge).sort()).toEqual(['administrations', 'coverage', 'encounter', 'nurseNotes', 'procedures']);
    expect(services[1]!.prefetch!.openEncounters).toMatch(/^Encounter\?patient=\{\{context\.patientId\}\}&status=/);
  });
});

describe('encounter-discharge with prefetch', () => {
  it('answers one warning card for the waste-missing visit, in a nurse\'s words, with a SMART link to that visit', async () => {
    const t = await setup();
    const cards = await cardsOf(await t.call(SERVICE, await dischargeCall('waste-missing')));
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(card.indicator).toBe('warning');
    expect(card.summary).toBe('Remicade (infliximab): 50 mg left in the vials has no discarded amount recorded');
    expect(card.source.label).toBe('J-Code Assist');
    expect(card.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(card.detail).toContain('What to do:');
    expect(card.detail).toContain('Record how much of the single-dose container was discarded');
    expect(card.links).toEqual([
      {
        label: 'Record the discarded amount in J-Code Assist',
        url: `${ORIGIN}/launch/`,
        type: 'smart',
        appContext: JSON.stringify({ encounter: 'Encounter/waste-missing-visit' }),
      },
    ]);
    expect(t.logs.at(-1)?.note).toEqual({ cdsOutcome: 'card', cdsCards: 1 });
  });

  it('answers no card for the waste-documented visit, nor for visits whose claim is clean', async () => {
    const t = await setup();
    for (const id of ['waste-documented', 'exact-vials', 'multi-dose-vial']) {
      expect(await cardsOf(await t.call(SERVICE, await dischargeCall(id))), id).toEqual([]);
    }
  });

  it('gives a critical card when the claim would be returned for something other than waste (no coverage)', async () => {
    const t = await setup();
    const [card] = await cardsOf(await t.call(SERVICE, await dischargeCall('no-coverage')));
    expect(card?.indicator).toBe('critical');
    expect(card?.summary).toBe('No insurance is on record for this visit, so the drug claim cannot be drafted');
  });

  it('counts a waste record kept as a nurse note (DocumentReference form): no card once it is there', async () => {
    const t = await setup();
    const call = await dischargeCall('waste-missing');
    const record = {
      resourceType: 'MedicationAdministration',
      status: 'not-done',
      statusReason: [{ coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded' }] }],
      partOf: [{ reference: 'MedicationAdministration/waste-missing-infliximab' }],
      medicationReference: { reference: 'Medication/remicade-100mg-vial' },
      subject: { reference: 'Patient/waste-missing' },
      context: { reference: 'Encounter/waste-missing-visit' },
      effectiveDateTime: '2026-11-24T12:15:00-06:00',
      dosage: { dose: { value: 50, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
    };
    call.prefetch.nurseNotes = searchset([
      {
        resourceType: 'DocumentReference',
        id: 'note-1',
        status: 'current',
        type: { coding: [{ system: 'http://loinc.org', code: '34746-8' }] },
        subject: { reference: 'Patient/waste-missing' },
        content: [{ attachment: { contentType: 'application/json', data: Buffer.from(JSON.stringify(record)).toString('base64') } }],
      } as Resource,
    ]);
    expect(await cardsOf(await t.call(SERVICE, call))).toEqual([]);
  });

  it('checks only this visit: the patient\'s administrations at other visits change nothing', async () => {
    const t = await setup();
    const call = await dischargeCall('waste-documented');
    const other = structuredClone((await dischargeCall('waste-missing')).prefetch.administrations) as { entry: { resource: MedicationAdministration }[] };
    for (const e of other.entry) {
      if (e.resource.resourceType !== 'MedicationAdministration') continue;
      e.resource.subject = { reference: 'Patient/waste-documented' };
      e.resource.context = { reference: 'Encounter/an-earlier-visit' };
      (call.prefetch.administrations as { entry: unknown[] }).entry.push(e);
    }
    expect(await cardsOf(await t.call(SERVICE, call))).toEqual([]);
  });
});

describe('encounter-discharge without prefetch: reads from the fhirServer', () => {
  it('reads every query at once from a real FHIR server over HTTP and gives the same card', async () => {
    const t = await setup();
    const server = await listening(t, { delayMs: 150 });
    cleanups.push(server.close);
    const call = await dischargeCall('waste-missing');
    const cards = await cardsOf(
      await t.call(SERVICE, { ...call, prefetch: undefined, fhirServer: `${server.base}/sandbox/fhir`, fhirAuthorization: fhirAuthorization(t, 'waste-missing') }),
    );
    expect(cards.map((c) => c.summary)).toEqual(['Remicade (infliximab): 50 mg left in the vials has no discarded amount recorded']);
    const asked = server.seen.map((u) => new URL(u).pathname);
    expect(asked.sort()).toEqual(
      ['Coverage', 'DocumentReference', 'Encounter/waste-missing-visit', 'MedicationAdministration', 'Procedure'].map((p) => `/sandbox/fhir/${p}`).sort(),
    );
    // The five reads overlapped: sent one after another, at most one would be in flight.
    expect(server.maxInFlight()).toBe(5);
  });

  it('reads only the keys the prefetch lacks or cannot be used for (null, OperationOutcome, wrong entry types)', async () => {
    const t = await setup();
    const server = await listening(t);
    cleanups.push(server.close);
    const call = await dischargeCall('waste-missing');
    call.prefetch.coverage = null;
    call.prefetch.procedures = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] };
    call.prefetch.nurseNotes = searchset([{ resourceType: 'Patient', id: 'waste-missing' }]);
    const cards = await cardsOf(
      await t.call(SERVICE, { ...call, fhirServer: `${server.base}/sandbox/fhir`, fhirAuthorization: fhirAuthorization(t, 'waste-missing') }),
    );
    expect(cards).toHaveLength(1);
    expect(server.seen.map((u) => new URL(u).pathname).sort()).toEqual(['/sandbox/fhir/Coverage', '/sandbox/fhir/DocumentReference', '/sandbox/fhir/Procedure']);
  });

  it('follows next links page after page', async () => {
    const t = await setup();
    // 150 administrations of earlier visits push the search past one page of 100.
    for (let i = 0; i < 150; i++) {
      await t.sandbox!.repo.createResource<never>({
        resourceType: 'MedicationAdministration',
        status: 'completed',
        medicationReference: { reference: 'Medication/remicade-100mg-vial' },
        subject: { reference: 'Patient/waste-documented' },
        context: { reference: `Encounter/old-visit-${i}` },
        effectiveDateTime: '2025-01-01T10:00:00Z',
        dosage: { dose: { value: 100, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
      } as never);
    }
    const server = await listening(t);
    cleanups.push(server.close);
    const call = await dischargeCall('waste-documented');
    delete call.prefetch.administrations;
    const cards = await cardsOf(
      await t.call(SERVICE, { ...call, fhirServer: `${server.base}/sandbox/fhir`, fhirAuthorization: fhirAuthorization(t, 'waste-documented') }),
    );
    // The waste record of this visit is among the resources: no card, which needs every page read.
    expect(cards).toEqual([]);
    expect(server.seen.filter((u) => new URL(u).pathname.endsWith('/MedicationAdministration')).length).toBeGreaterThanOrEqual(2);
  });

  it('reads a Medication neither included nor contained', async () => {
    const t = await setup();
    const server = await listening(t);
    cleanups.push(server.close);
    const call = await dischargeCall('waste-missing');
    const bundle = call.prefetch.administrations as { entry: { resource: Resource }[] };
    bundle.entry = bundle.entry.filter((e) => e.resource.resourceType !== 'Medication');
    const cards = await cardsOf(
      await t.call(SERVICE, { ...call, fhirServer: `${server.base}/sandbox/fhir`, fhirAuthorization: fhirAuthorization(t, 'waste-missing') }),
    );
    expect(cards).toHaveLength(1);
    expect(server.seen.map((u) => new URL(u).pathname)).toEqual(['/sandbox/fhir/Medication/remicade-100mg-vial']);
  });
});

describe('patient-view', () => {
  function openToday(t: CdsTestApp, today: string) {
    return async (status: Encounter['status']) => {
      const call = await dischargeCall('waste-missing');
      const encounter = { ...(call.prefetch.encounter as Encounter), status, period: { start: `${today}T09:30:00-06:00` } };
      return cardsOf(
        await t.call(PATIENT_VIEW, {
          hook: 'patient-view',
          hookInstance: crypto.randomUUID(),
          context: { userId: 'Practitioner/sandbox-nurse', patientId: 'waste-missing' },
          prefetch: { ...call.prefetch, encounter: undefined, openEncounters: searchset([encounter]) },
        }),
      );
    };
  }

  it("checks the patient's open visit of today", async () => {
    const t = await setup();
    // testApp's today is 2026-11-27.
    const cards = await openToday(t, '2026-11-27')('in-progress');
    expect(cards.map((c) => [c.indicator, c.links?.[0]?.appContext])).toEqual([['warning', JSON.stringify({ encounter: 'Encounter/waste-missing-visit' })]]);
  });

  it("finds today's open visit on the fhirServer when nothing is prefetched", async () => {
    const t = await setup();
    const { SAMPLE_CASES } = await import('../../server/sandbox/samples');
    const sample = SAMPLE_CASES.find((c) => c.id === 'waste-missing')!;
    // A second visit of the patient, open today (testApp's today is 2026-11-27), with the same infusion.
    const today = { ...structuredClone(sample.encounter), id: 'visit-today', status: 'in-progress' as const, period: { start: '2026-11-27T09:30:00-06:00' } };
    delete (today.period as { end?: string }).end;
    const infusion = structuredClone(sample.resources.find((r) => r.resourceType === 'MedicationAdministration')!) as MedicationAdministration;
    Object.assign(infusion, { id: 'infusion-today', context: { reference: 'Encounter/visit-today' }, effectivePeriod: { start: '2026-11-27T10:00:00-06:00', end: '2026-11-27T12:10:00-06:00' } });
    await t.sandbox!.repo.createResource<never>(today as never);
    await t.sandbox!.repo.createResource<never>(infusion as never);
    const server = await listening(t);
    cleanups.push(server.close);
    const cards = await cardsOf(
      await t.call(PATIENT_VIEW, {
        hook: 'patient-view',
        hookInstance: crypto.randomUUID(),
        context: { userId: 'Practitioner/sandbox-nurse', patientId: 'waste-missing' },
        fhirServer: `${server.base}/sandbox/fhir`,
        fhirAuthorization: fhirAuthorization(t, 'waste-missing'),
      }),
    );
    expect(cards.map((c) => c.links?.[0]?.appContext)).toEqual([JSON.stringify({ encounter: 'Encounter/visit-today' })]);
  });

  it('says nothing when the open visit is not today, or the visit is closed', async () => {
    const t = await setup();
    expect(await openToday(t, '2026-11-20')('in-progress')).toEqual([]);
    expect(await openToday(t, '2026-11-27')('finished')).toEqual([]);
  });
});

describe('bad input', () => {
  it('refuses a missing or malformed context with 400 naming the field', async () => {
    const t = await setup();
    const call = await dischargeCall('waste-missing');
    const missing = await t.call(SERVICE, { ...call, context: undefined });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { problems: string[] }).problems).toEqual(['context: required']);
    // In words, as an integrator reads them (the same wording as smart-config.json's problems), not zod's.
    const cases: [unknown, string][] = [
      [{ userId: 'Practitioner/x', patientId: 'waste-missing' }, 'context.encounterId: is missing (expected text)'],
      [{ userId: 'Practitioner/x', patientId: '../Patient?_id=x', encounterId: 'e1' }, 'context.patientId: must be a FHIR id (letters, digits, - and ., at most 64)'],
      [{ userId: 42, patientId: 'p', encounterId: 'e' }, 'context.userId: must be text (got a number)'],
      ['not an object', 'context: must be an object { ... } (got text)'],
    ];
    for (const [context, problem] of cases) {
      const res = await t.call(SERVICE, { ...call, context });
      expect(res.status, JSON.stringify(context)).toBe(400);
      expect(((await res.json()) as { problems: string[] }).problems).toEqual([problem]);
    }
    expect((await t.call(SERVICE, { ...call, hook: 'order-sign' })).status).toBe(400);
    expect((await t.call(SERVICE, '{"hook": ')).status).toBe(400);
    expect((await t.call(SERVICE, [1, 2])).status).toBe(400);
  });

  it('answers no card when the prefetch is unusable and there is no fhirServer, and logs why', async () => {
    const t = await setup();
    const cases: [string, unknown][] = [
      ['administrations', searchset([{ resourceType: 'Coverage', id: 'c1' } as Resource])],
      ['coverage', { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }],
      ['encounter', { resourceType: 'Encounter', id: 'another-visit', status: 'finished' }],
      ['procedures', { resourceType: 'Bundle', type: 'searchset', entry: 'nope' }],
      ['nurseNotes', 'a string'],
    ];
    for (const [key, value] of cases) {
      const call = await dischargeCall('waste-missing');
      call.prefetch[key] = value;
      expect(await cardsOf(await t.call(SERVICE, call)), key).toEqual([]);
      expect(t.logs.at(-1)?.note, key).toEqual({
        cdsOutcome: 'inconclusive',
        cdsReason: `prefetch ${key} missing or unusable and no fhirServer with fhirAuthorization to read it from`,
      });
    }
  });

  it('answers no card, with the status in the log and nothing of the patient, when the fhirServer answers 401 or 500', async () => {
    const t = await setup();
    for (const status of [401, 500]) {
      const fhir = await faultyServer(status);
      cleanups.push(fhir.close);
      const call = await dischargeCall('waste-missing');
      const auth = fhirAuthorization(t, 'waste-missing');
      const cards = await cardsOf(await t.call(SERVICE, { ...call, prefetch: { ...call.prefetch, coverage: null }, fhirServer: fhir.base, fhirAuthorization: auth }));
      expect(cards).toEqual([]);
      const line = JSON.stringify(t.logs.at(-1));
      expect(t.logs.at(-1)?.note).toEqual({ cdsOutcome: 'inconclusive', cdsReason: `the fhirServer answered ${status} for coverage` });
      expect(line).not.toContain('waste-missing');
      expect(line).not.toContain(auth.access_token as string);
    }
  });

  it('answers no card within its budget when the fhirServer never answers', async () => {
    const t = await setup({ cdsHooks: { budgetMs: 300 } });
    const fhir = await faultyServer('never');
    cleanups.push(fhir.close);
    const call = await dischargeCall('waste-missing');
    const started = performance.now();
    const cards = await cardsOf(await t.call(SERVICE, { ...call, prefetch: {}, fhirServer: fhir.base, fhirAuthorization: fhirAuthorization(t, 'waste-missing') }));
    expect(cards).toEqual([]);
    expect(t.logs.at(-1)?.note).toEqual({ cdsOutcome: 'inconclusive', cdsReason: 'no answer within the budget of 300 ms' });
    // Not a speed target: proof that the call ends instead of waiting on the server.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses a body over the limit with 413 before reading it', async () => {
    const t = await setup();
    const call = await dischargeCall('waste-missing');
    const res = await t.call(SERVICE, { ...call, padding: 'x'.repeat(5 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: `The request body is larger than the limit of ${1024 * 1024} bytes.` });
  });

  it('answers 404 for an unknown service and 415 for a body that is not JSON', async () => {
    const t = await setup();
    expect((await t.call('no-such-service', {})).status).toBe(404);
    const res = await t.app.request(`${ORIGIN}/cds-services/${SERVICE}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await (await import('./helpers')).clientToken(t.keys)}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(415);
  });

  it('survives arbitrary prefetch values for every key without an error', async () => {
    const t = await setup();
    const odd: unknown[] = [null, 0, [], {}, { resourceType: 'Bundle' }, { resourceType: 'Bundle', entry: [null, 1, { resource: null }] }, { resourceType: 'Encounter' }];
    for (const value of odd) {
      for (const key of ['encounter', 'administrations', 'procedures', 'coverage', 'nurseNotes']) {
        const call = await dischargeCall('waste-missing');
        call.prefetch[key] = value;
        const res = await t.call(SERVICE, call);
        expect(res.status).toBe(200);
      }
    }
    expect(t.errors).toEqual([]);
  });
});

describe('what the service keeps and logs', () => {
  it('logs no patient id, token or card text', async () => {
    const t = await setup();
    await t.call(SERVICE, await dischargeCall('waste-missing'));
    const line = JSON.stringify(t.logs);
    expect(line).not.toMatch(/waste-missing|infliximab|Remicade|Bearer/i);
  });
});
