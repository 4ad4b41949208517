// The draft claim as a biller reads it before it is written (docs/billing-rules.md 8): who bills and who rendered,
// the diagnoses in order, each line's code, modifiers, units, charge, NDC and quantity and diagnosis pointers, the
// total, and the findings to check before billing. Read from the Claim itself, so it shows exactly what is written.
// A stacked list rather than a table, so it reads in a narrow side panel.
import type { Claim, ClaimItem, Organization, Practitioner, Reference } from 'fhir/r4';
import type { Finding, FindingCode } from '../billing';

/** The findings about the claim's content (docs/billing-rules.md 8): warnings, the draft is still written. */
const CLAIM_FINDINGS: ReadonlySet<FindingCode> = new Set(['charge-missing', 'diagnosis-truncated', 'rendering-provider-missing', 'npi-invalid', 'diagnosis-missing']);
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const TAX_ID = 'urn:oid:2.16.840.1.113883.4.4';

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function ClaimPreview({ claim, findings = [] }: { claim: Claim | null; findings?: Finding[] }) {
  if (!claim) return null;
  const toAdd = findings.filter((f) => CLAIM_FINDINGS.has(f.code));
  const items = claim.item ?? [];
  const unpriced = items.filter((i) => i.net?.value === undefined).length;
  const billing = billingProvider(claim);
  const rendering = claim.careTeam?.[0]?.provider;
  return (
    <section class="claim-preview" aria-labelledby="claim-preview-title">
      <h3 id="claim-preview-title">What the biller will see</h3>
      <dl class="claim-parties">
        <div>
          <dt>Billing provider</dt>
          <dd>{billing}</dd>
        </div>
        <div>
          <dt>Rendering provider</dt>
          <dd>{rendering ? providerText(rendering) : 'none: see below'}</dd>
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
                <strong>{coding?.code ?? 'uncoded'}</strong>
                {text ? ` ${text}` : ''}
              </li>
            );
          })}
        </ol>
      ) : (
        <p>No diagnosis on the claim.</p>
      )}
      <h4>Lines</h4>
      <ol class="claim-items">
        {items.map((item) => (
          <li key={item.sequence}>
            <ItemView item={item} />
          </li>
        ))}
      </ol>
      <p class="claim-total">
        <strong>Total charges: {claim.total?.value !== undefined ? dollars.format(claim.total.value) : 'none'}</strong>
        {unpriced > 0 && ` (${unpriced === 1 ? '1 line has' : `${unpriced} lines have`} no charge yet)`}
      </p>
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

function ItemView({ item }: { item: ClaimItem }) {
  const code = item.productOrService.coding?.[0];
  const modifiers = (item.modifier ?? []).map((m) => m.coding?.[0]?.code).filter(Boolean);
  const units = item.quantity?.value;
  const ndc = item.detail?.[0]?.productOrService.coding?.[0]?.code;
  const ndcQuantity = item.detail?.[0]?.quantity;
  return (
    <dl class="claim-item">
      <div>
        <dt>Code</dt>
        <dd>
          <strong>{[code?.code, ...modifiers].join('-')}</strong>
          {code?.display ? ` ${code.display}` : ''}
        </dd>
      </div>
      <div>
        <dt>Units</dt>
        <dd>{units}</dd>
      </div>
      <div>
        <dt>Charge</dt>
        <dd>
          {item.net?.value !== undefined && item.unitPrice?.value !== undefined
            ? `${units} × ${dollars.format(item.unitPrice.value)} = ${dollars.format(item.net.value)}`
            : 'no fee in the fee schedule'}
        </dd>
      </div>
      {ndc && (
        <div>
          <dt>NDC</dt>
          <dd>
            {ndc.length === 11 ? `${ndc.slice(0, 5)}-${ndc.slice(5, 9)}-${ndc.slice(9)}` : ndc}
            {ndcQuantity ? `, ${ndcQuantity.value} ${ndcQuantity.code ?? ndcQuantity.unit ?? ''}` : ''}
          </dd>
        </div>
      )}
      <div>
        <dt>Diagnosis pointers</dt>
        <dd>{item.diagnosisSequence?.join(', ') ?? 'none'}</dd>
      </div>
    </dl>
  );
}

/** "Clinic, NPI 1234567893, tax id 12-3456789", from the contained record the claim carries, or its reference. */
function billingProvider(claim: Claim): string {
  const ref = claim.provider;
  const contained = ref.reference?.startsWith('#')
    ? (claim.contained?.find((c) => c.id === ref.reference!.slice(1)) as Organization | Practitioner | undefined)
    : undefined;
  const npi = contained?.identifier?.find((i) => i.system === NPI)?.value ?? (ref.identifier?.system === NPI ? ref.identifier.value : undefined);
  const taxId = contained?.identifier?.find((i) => i.system === TAX_ID)?.value;
  return [ref.display ?? ref.reference, npi ? `NPI ${npi}` : 'no NPI', taxId ? `tax id ${taxId}` : 'no tax id'].join(', ');
}

function providerText(ref: Reference): string {
  const npi = ref.identifier?.system === NPI ? ref.identifier.value : undefined;
  return [ref.display ?? ref.reference, npi ? `NPI ${npi}` : undefined].filter(Boolean).join(', ');
}
