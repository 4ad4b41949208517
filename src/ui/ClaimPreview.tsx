// The draft claim as a biller reads it before it is written (docs/billing-rules.md 8), in the CMS-1500's terms:
// a header with who is billed and for when (patient, payer, dates of service, rendering and billing provider with
// NPI, total), the diagnoses lettered A-L as in box 21, the lines with their pointers as those letters (box 24E),
// and the findings to check before billing. Read from the Claim itself, so it shows exactly what is written; the
// patient's name and the payer come from the EHR's records the Claim points at.
import type { Claim, Coverage, Organization, Patient, Practitioner, Reference } from 'fhir/r4';
import type { Finding, FindingCode } from '../billing';
import { diagnosisLetters, payerParts, serviceDates } from './claim-display';
import { ClaimLines, dollars } from './ClaimLines';
import { patientName } from './format';

/** The findings about the claim's content (docs/billing-rules.md 8): warnings, the draft is still written. */
const CLAIM_FINDINGS: ReadonlySet<FindingCode> = new Set(['charge-missing', 'diagnosis-truncated', 'rendering-provider-missing', 'npi-invalid', 'diagnosis-missing']);
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const TAX_ID = 'urn:oid:2.16.840.1.113883.4.4';

interface Props {
  claim: Claim | null;
  findings?: Finding[];
  /** The patient as the EHR gave it; absent when it could not be read. */
  patient?: Patient;
  /** The patient's Coverages as read, to name the payer of the claim's coverage. */
  coverages?: readonly Coverage[];
}

export function ClaimPreview({ claim, findings = [], patient, coverages = [] }: Props) {
  if (!claim) return null;
  const toAdd = findings.filter((f) => CLAIM_FINDINGS.has(f.code));
  const items = claim.item ?? [];
  const unpriced = items.filter((i) => i.net?.value === undefined).length;
  const rendering = claim.careTeam?.[0]?.provider;
  const letters = diagnosisLetters(claim);
  const dates = serviceDates(claim);
  return (
    <section class="claim-preview" aria-labelledby="claim-preview-title">
      <h3 id="claim-preview-title">What the biller will see</h3>
      <dl class="claim-header">
        <div>
          <dt>Patient</dt>
          <dd>{patient ? patientName(patient) : `${claim.patient.reference ?? 'unknown'} (name not read from the EHR)`}</dd>
        </div>
        <div>
          <dt>Payer</dt>
          <dd>
            <Parts parts={payerParts(claim, coverages)} />
          </dd>
        </div>
        <div>
          <dt>{dates?.includes(' to ') ? 'Dates of service' : 'Date of service'}</dt>
          <dd>{dates ?? 'none on the lines'}</dd>
        </div>
        <div class="claim-total">
          <dt>Total charges</dt>
          <dd>
            {claim.total?.value !== undefined ? dollars.format(claim.total.value) : 'none'}
            {unpriced > 0 && ` (${unpriced === 1 ? '1 line has' : `${unpriced} lines have`} no charge yet)`}
          </dd>
        </div>
        <div>
          <dt>Rendering provider</dt>
          <dd>{rendering ? <Parts parts={providerParts(rendering)} /> : 'none: see below'}</dd>
        </div>
        <div>
          <dt>Billing provider</dt>
          <dd>
            <Parts parts={billingProvider(claim)} />
          </dd>
        </div>
        <div>
          <dt>Place of service</dt>
          <dd>{items[0]?.locationCodeableConcept?.coding?.[0]?.code ?? 'not set'}</dd>
        </div>
      </dl>
      <h4>Diagnoses</h4>
      {claim.diagnosis?.length ? (
        <ol class="claim-diagnoses">
          {claim.diagnosis.map((d) => {
            const coding = d.diagnosisCodeableConcept?.coding?.[0];
            const text = d.diagnosisCodeableConcept?.text ?? coding?.display;
            return (
              <li key={d.sequence}>
                <span class="dx-letter">{letters.get(d.sequence) ?? `${d.sequence}?`}</span> <strong>{coding?.code ?? 'uncoded'}</strong>
                {text ? ` ${text}` : ''}
              </li>
            );
          })}
        </ol>
      ) : (
        <p>No diagnosis on the claim.</p>
      )}
      <h4>Lines</h4>
      <ClaimLines claim={claim} letters={letters} />
      {toAdd.length > 0 && (
        <>
          {/* Not "to add": a diagnosis left off or an NPI that fails its check is to be checked, not added. */}
          <h4>Check before billing</h4>
          <ul class="claim-to-add">
            {toAdd.map((f, i) => (
              <li key={`${f.code}-${i}`}>
                {f.message} <strong>What to do:</strong> {f.action}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A name and its identifiers, comma-separated; an identifier ("NPI 1234567893") never breaks across lines. */
function Parts({ parts }: { parts: string[] }) {
  const [name, ...ids] = parts;
  return (
    <>
      {name}
      {ids.map((id) => (
        <span key={id}>
          , <span class="nowrap">{id}</span>
        </span>
      ))}
    </>
  );
}

/** "Clinic, NPI 1234567893, tax id 12-3456789", from the contained record the claim carries, or its reference. */
function billingProvider(claim: Claim): string[] {
  const ref = claim.provider;
  const contained = ref.reference?.startsWith('#')
    ? (claim.contained?.find((c) => c.id === ref.reference!.slice(1)) as Organization | Practitioner | undefined)
    : undefined;
  const npi = contained?.identifier?.find((i) => i.system === NPI)?.value ?? (ref.identifier?.system === NPI ? ref.identifier.value : undefined);
  const taxId = contained?.identifier?.find((i) => i.system === TAX_ID)?.value;
  return [ref.display ?? ref.reference ?? 'unnamed', npi ? `NPI ${npi}` : 'no NPI', taxId ? `tax id ${taxId}` : 'no tax id'];
}

function providerParts(ref: Reference): string[] {
  const npi = ref.identifier?.system === NPI ? ref.identifier.value : undefined;
  return [ref.display ?? ref.reference ?? 'unnamed', ...(npi ? [`NPI ${npi}`] : [])];
}
