// Counts sequential round trips: a request's depth is one more than the deepest request that had finished when it
// started, so requests sent together share a depth and a request that waited for an answer is one deeper.
import type { Transport } from '../../../src/fhir/session';

export class RoundTrips {
  private deepestFinished = 0;
  readonly requests: { url: string; method: string; depth: number }[] = [];

  wrap(transport: Transport): Transport {
    return async (url, init) => {
      const depth = this.deepestFinished + 1;
      this.requests.push({ url, method: init?.method ?? 'GET', depth });
      try {
        return await transport(url, init);
      } finally {
        this.deepestFinished = Math.max(this.deepestFinished, depth);
      }
    };
  }

  get depth(): number {
    return Math.max(0, ...this.requests.map((r) => r.depth));
  }
}
