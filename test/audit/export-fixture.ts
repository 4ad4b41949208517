// Small hand-written exports for the audit tests, with answers worked out by hand from docs/billing-rules.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { starterCatalog } from '../../src/catalog/starter';
import { main } from '../../src/cli';
import type { CatalogEntries } from '../../src/catalog/types';
import { WASTE_REASON_SYSTEM } from '../../src/billing/waste-record';

/**
 * The starter catalog with ASP payment limits set for the codes the tests price. The values are test values
 * chosen for easy arithmetic, not the CMS quarter's.
 */
export const PAYMENT_LIMITS: Record<string, string> = { J1745: '7.512', J3262: '4.308', J9299: '29.871' };

export function testCatalog(): CatalogEntries {
  return {
    quarter: 'test quarter',
    codes: starterCatalog.codes.map((c) => (PAYMENT_LIMITS[c.code] ? { ...c, paymentLimit: PAYMENT_LIMITS[c.code] } : c)),
    products: starterCatalog.products,
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `jcode-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

type R = Record<string, unknown>;

export const INFLIXIMAB_NDC = '57894-0030-01'; // Remicade 100 mg powder vial, SDV, J1745 (10 mg)
export const TOCILIZUMAB_NDC = '50242-0136-01'; // Actemra 200 mg/10 mL vial, SDV, J3262 (1 mg)
export const NIVOLUMAB_NDC = '00003-3734-13'; // Opdivo 240 mg/24 mL vial, SDV, J9299 (1 mg)

export function medication(id: string, ndc: string, text: string): R {
  return { resourceType: 'Medication', id, code: { coding: [{ system: 'http://hl7.org/fhir/sid/ndc', code: ndc, display: '1 VIAL, SINGLE-DOSE in 1 CARTON' }], text } };
}

export function patient(id: string, family = 'Testperson'): R {
  return { resourceType: 'Patient', id, name: [{ family, given: ['Pat'] }], birthDate: '1950-02-03' };
}

export function coverage(patientId: string): R {
  return { resourceType: 'Coverage', id: `cov-${patientId}`, status: 'active', beneficiary: { reference: `Patient/${patientId}` }, payor: [{ reference: 'Organization/payer' }] };
}

export function encounter(id: string, patientId: string, date: string): R {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${patientId}` },
    period: { start: `${date}T08:00:00-05:00`, end: `${date}T16:00:00-05:00` },
    serviceProvider: { reference: 'Organization/clinic' },
  };
}

export function administration(id: string, patientId: string, encounterId: string, medicationRef: string, doseMg: number, date: string, minutes = 120): R {
  return {
    resourceType: 'MedicationAdministration',
    id,
    status: 'completed',
    medicationReference: { reference: medicationRef },
    subject: { reference: `Patient/${patientId}` },
    context: { reference: `Encounter/${encounterId}` },
    effectivePeriod: { start: `${date}T09:00:00-05:00`, end: `${date}T${String(9 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00-05:00` },
    performer: [{ actor: { reference: 'Practitioner/rn' } }],
    reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M05.79' }] }],
    dosage: {
      route: { coding: [{ system: 'http://snomed.info/sct', code: '47625008' }] },
      dose: { value: doseMg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
    },
  };
}

export function wasteRecord(id: string, parent: R, discardedMg: number): R {
  return {
    resourceType: 'MedicationAdministration',
    id,
    status: 'not-done',
    statusReason: [{ coding: [{ system: WASTE_REASON_SYSTEM, code: 'discarded' }] }],
    partOf: [{ reference: `MedicationAdministration/${parent.id as string}` }],
    medicationReference: parent.medicationReference,
    subject: parent.subject,
    context: parent.context,
    effectiveDateTime: (parent.effectivePeriod as { end: string }).end,
    performer: parent.performer,
    dosage: { dose: { value: discardedMg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
  };
}

/** Writes resources as NDJSON files named by type (no manifest), or as given by `files`. */
export function writeExport(dir: string, files: Record<string, R[]>): void {
  for (const [name, resources] of Object.entries(files)) {
    writeFileSync(join(dir, name), resources.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
}

export function readCsv(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i] ?? ''])));
}

/** A small RFC 4180 reader for checking what the audit wrote (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The CLI run in process, with what it writes to stdout and stderr. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(args, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
