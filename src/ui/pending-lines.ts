// While a single-dose drug waits for its discarded amount the engine derives no line for it (neither JW nor JZ can
// be chosen), yet its administration code is derived and names it. The page shows the drug line as pending, so
// "paired with J1745" points at something on the page (issue 13, item 4).
import type { Finding } from '../billing';
import type { WasteContext } from './encounter-model';

export interface PendingLine {
  code: string;
  /** "Infliximab 100 mg vial, 350 mg given - waiting for the discarded amount". */
  text: string;
  administration: string;
}

export function pendingLinesOf(findings: readonly Finding[], contextOf: (maRef: string) => WasteContext | undefined): PendingLine[] {
  const lines: PendingLine[] = [];
  for (const finding of findings) {
    if (finding.code !== 'waste-undocumented') continue;
    for (const ref of finding.resources) {
      const ctx = contextOf(ref);
      if (!ctx?.hcpcs) continue;
      lines.push({ code: ctx.hcpcs, text: `${ctx.drugName}, ${ctx.given} given - waiting for the discarded amount`, administration: ref });
    }
  }
  return lines;
}
