// From derive()'s result to the card: which findings make one, its indicator, and a summary a nurse reads in one
// line (under 140 characters whatever the drug is called), on the sandbox's sample patients.
import type { Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { cardFor, SUMMARY_MAX } from '../../server/cds/cards';
import { SAMPLE_CASES, SHARED_RESOURCES } from '../../server/sandbox/samples';
import { starterCatalog } from '../server/helpers';
import { card as cardShape } from './cds-hooks-schema';

async function cardOf(resources: Resource[]) {
  const catalog = (await starterCatalog()).index;
  const settings = defaultBillingSettings;
  const [result] = derive(resources, catalog, settings, { today: '2026-11-27', claims: false }).results.filter((r) => r.encounter);
  return cardFor(result!, { record: resources, catalog, settings, launchUrl: 'https://jcode.example.org/launch/' });
}

function sample(id: string): Resource[] {
  return [...SHARED_RESOURCES, ...SAMPLE_CASES.find((c) => c.id === id)!.resources];
}

describe('cards from findings', () => {
  it('makes a card only for visits whose claim is blocked, each valid CDS Hooks 2.0', async () => {
    const blocked: Record<string, string> = {};
    for (const c of SAMPLE_CASES) {
      const card = await cardOf(sample(c.id));
      if (!card) continue;
      cardShape.parse(card);
      blocked[c.id] = `${card.indicator}: ${card.summary}`;
    }
    expect(blocked).toEqual({
      'waste-missing': 'warning: Remicade (infliximab): 50 mg left in the vials has no discarded amount recorded',
      'rxnorm-only': 'critical: Infliximab: the product given cannot be identified for billing (no NDC or HCPCS code)',
      'no-coverage': 'critical: No insurance is on record for this visit, so the drug claim cannot be drafted',
    });
  });

  it('keeps one card per visit: the first problem, with how many more, in under 140 characters', async () => {
    const resources = sample('waste-missing').filter((r) => r.resourceType !== 'Coverage');
    const card = await cardOf(resources);
    expect(card?.indicator).toBe('critical');
    expect(card?.summary).toBe('Remicade (infliximab): 50 mg left in the vials has no discarded amount recorded (and 1 more)');
    expect(card?.detail).toContain('The patient has no insurance coverage on record');
  });

  it('clips a summary under 140 characters however long the drug name is', async () => {
    const resources = structuredClone(sample('waste-missing'));
    const medication = resources.find((r) => r.resourceType === 'Medication' && r.id === 'remicade-100mg-vial') as unknown as { code: { text: string } };
    medication.code.text = `Infliximab${'-and-a-very-long-brand-name'.repeat(10)} 100 mg`;
    const card = await cardOf(resources);
    expect(card!.summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(card!.summary.endsWith('…')).toBe(true);
  });

  it('keeps Markdown in the record out of the detail', async () => {
    const resources = structuredClone(sample('waste-missing'));
    const medication = resources.find((r) => r.resourceType === 'Medication' && r.id === 'remicade-100mg-vial') as unknown as { code: { text: string } };
    medication.code.text = 'Remicade [click here](https://evil.example.org) 100 mg';
    const card = await cardOf(resources);
    expect(card!.detail).not.toContain('](https://evil');
    expect(card!.detail).toContain('\\[click here\\]\\(https://evil.example.org\\)');
  });

  it('says nothing about a visit at which no drug was given', async () => {
    const resources = sample('waste-missing').filter((r) => r.resourceType !== 'MedicationAdministration');
    expect(await cardOf(resources)).toBeUndefined();
  });
});
