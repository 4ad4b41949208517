// The derived lines: drug lines (HCPCS, units, NDC, JW/JZ) and the administration codes that pair with them, and
// drug lines still waiting for the nurse (pending-lines.ts). Each line can show, on demand, the rule that produced
// it, its sources and the NDC quantity as the claim carries it, for a coder checking the work.
import { useState } from 'preact/hooks';
import type { BillingLine } from '../billing';
import type { PendingLine } from './pending-lines';

const COLUMNS = 7;

export function LinesTable({ lines, pending = [] }: { lines: BillingLine[]; pending?: PendingLine[] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (lines.length === 0 && pending.length === 0) {
    return (
      <section aria-labelledby="lines-title">
        <h2 id="lines-title">Billing lines</h2>
        <p>No billing line could be derived yet; the findings above say why.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="lines-title">
      <h2 id="lines-title">Billing lines</h2>
      <div class="table-scroll">
        <table class="lines">
          <caption class="visually-hidden">Drug and administration lines derived for this encounter</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Description</th>
              <th scope="col">Modifiers</th>
              <th scope="col">Units</th>
              <th scope="col">NDC</th>
              <th scope="col">Paired with</th>
              <th scope="col">
                <span class="visually-hidden">How it was derived</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pending.map((line) => (
              <tr key={`pending-${line.administration}`} class="drug pending">
                <th scope="row">
                  {line.code}
                  <span class="kind"> drug</span>
                </th>
                <td colSpan={COLUMNS - 1}>{line.text}</td>
              </tr>
            ))}
            {lines.map((line, i) => (
              <LineRows key={i} line={line} index={i} open={open === i} onToggle={() => setOpen(open === i ? null : i)} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// NDC quantity qualifiers (NCPDP): what each means, for the folded detail.
const NDC_UNIT_WORDS: Record<string, string> = { UN: 'units (containers)', ML: 'millilitres', GR: 'grams', F2: 'international units', ME: 'milligrams' };

function LineRows({ line, index, open, onToggle }: { line: BillingLine; index: number; open: boolean; onToggle: () => void }) {
  const detailId = `line-rule-${index}`;
  const label = [line.code, ...line.modifiers].join('-');
  return (
    <>
      <tr class={line.kind}>
        <th scope="row">
          {line.code}
          <span class="kind">{line.kind === 'drug' ? ' drug' : ' administration'}</span>
        </th>
        <td>{line.description ?? ''}</td>
        <td>{line.modifiers.join(', ')}</td>
        <td class="number">{line.units}</td>
        <td class="ndc">{line.ndc ? formatNdc(line.ndc) : ''}</td>
        <td>{(line.pairedWith ?? []).join(', ')}</td>
        <td>
          <button type="button" class="link" aria-expanded={open} aria-controls={detailId} onClick={onToggle}>
            Why?<span class="visually-hidden"> {label}</span>
          </button>
        </td>
      </tr>
      <tr id={detailId} class="rule" hidden={!open}>
        <td colSpan={COLUMNS}>
          <p>
            <strong>Rule {line.rule}: </strong>
            {line.explanation}
          </p>
          {line.ndcQuantity && (
            <p class="sources">
              NDC quantity on the claim: {line.ndcQuantity.value} {line.ndcQuantity.unit} ({NDC_UNIT_WORDS[line.ndcQuantity.unit] ?? line.ndcQuantity.unit}).
            </p>
          )}
          <p class="sources">From {line.sources.join(', ')}; date of service {line.serviceDate}.</p>
        </td>
      </tr>
    </>
  );
}

/** 11 digits shown 5-4-2 as they appear on a claim form. */
export function formatNdc(ndc: string): string {
  return /^\d{11}$/.test(ndc) ? `${ndc.slice(0, 5)}-${ndc.slice(5, 9)}-${ndc.slice(9)}` : ndc;
}
