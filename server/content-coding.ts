// Content negotiation of Accept-Encoding (RFC 9110 12.5.3): which of the codings we hold a file in the client
// accepts, honouring q-values ("br;q=0" refuses brotli), "*" (any coding not named), case, and unknown codings.
// No header, or nothing acceptable, means the identity body: a client never gets a coding it did not ask for.

export type Coding = 'br' | 'gzip';

interface Weighted {
  coding: string;
  q: number;
}

function parseAcceptEncoding(header: string): Weighted[] {
  const out: Weighted[] = [];
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const m = /^q\s*=\s*([01](?:\.\d{0,3})?)$/i.exec(param);
      if (m) q = Math.min(Number(m[1]), 1);
      else if (/^q\s*=/i.test(param)) q = 0; // a malformed weight: do not guess that the client wants it
    }
    out.push({ coding: name.toLowerCase(), q });
  }
  return out;
}

/**
 * The best of `available` (in our order of preference) the header accepts, or undefined for identity.
 * `x-gzip` is gzip's old name (RFC 9110 8.4.1.3).
 */
export function chooseCoding(header: string | undefined, available: readonly Coding[]): Coding | undefined {
  if (header === undefined) return undefined;
  const accepts = parseAcceptEncoding(header);
  const wildcard = accepts.find((a) => a.coding === '*')?.q ?? 0;
  let best: { coding: Coding; q: number } | undefined;
  for (const coding of available) {
    const named = accepts.filter((a) => a.coding === coding || (coding === 'gzip' && a.coding === 'x-gzip'));
    const q = named.length ? Math.max(...named.map((a) => a.q)) : wildcard;
    if (q > 0 && (!best || q > best.q)) best = { coding, q };
  }
  return best?.coding;
}
