// The claim's service lines as the 1500's box 24 lays them out: code with modifiers, units, NDC with quantity and
// unit, diagnosis pointers as box 21 letters, charge. A table on a wide screen; cards in a narrow side panel
// (app.css, <= 600 px), where each cell carries its column's name.
import type { Claim, ClaimItem } from 'fhir/r4';
import { pointerLetters } from './claim-display';
import { formatNdc } from './LinesTable';

export const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function ClaimLines({ claim, letters }: { claim: Claim; letters: Map<number, string> }) {
  const items = claim.item ?? [];
  return (
    <table class="claim-lines">
      <caption class="visually-hidden">Service lines of the draft claim</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Code</th>
          <th scope="col">Modifiers</th>
          <th scope="col" class="number">Units</th>
          <th scope="col">NDC, quantity</th>
          <th scope="col">Diagnosis pointers</th>
          <th scope="col" class="number">Charge</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <ItemRow key={item.sequence} item={item} letters={letters} />
        ))}
      </tbody>
    </table>
  );
}

function ItemRow({ item, letters }: { item: ClaimItem; letters: Map<number, string> }) {
  const code = item.productOrService.coding?.[0];
  const modifiers = (item.modifier ?? []).map((m) => m.coding?.[0]?.code).filter(Boolean);
  const units = item.quantity?.value;
  const ndc = item.detail?.[0]?.productOrService.coding?.[0]?.code;
  const ndcQuantity = item.detail?.[0]?.quantity;
  const pointers = pointerLetters(item, letters);
  return (
    <tr>
      <th scope="row" class="line-no" data-label="Line">
        {item.sequence}
      </th>
      <td class="code" data-label="Code">
        <strong>{code?.code ?? 'uncoded'}</strong>
        {code?.display && <span class="description">{code.display}</span>}
      </td>
      <td class="modifiers" data-label="Modifiers">
        {modifiers.length > 0 ? modifiers.join(', ') : 'none'}
      </td>
      <td class="number units" data-label="Units">
        {units ?? 'none'}
      </td>
      <td class="ndc" data-label="NDC">
        {ndc ? `${formatNdc(ndc)}${ndcQuantity ? `, ${ndcQuantity.value} ${ndcQuantity.code ?? ndcQuantity.unit ?? ''}` : ''}` : 'none'}
      </td>
      <td class="pointers" data-label="Diagnosis pointers">
        {pointers.length > 0 ? pointers.join(', ') : 'none'}
      </td>
      <td class="number charge" data-label="Charge">
        {item.net?.value !== undefined && item.unitPrice?.value !== undefined
          ? `${units} × ${dollars.format(item.unitPrice.value)} = ${dollars.format(item.net.value)}`
          : 'no fee in the fee schedule'}
      </td>
    </tr>
  );
}
