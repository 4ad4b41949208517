// The browser build replaces js-base64 with src/fhir/base64.cjs (vite.config.ts): same answers on the three
// functions fhirclient calls, for random bytes and for text outside ASCII.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { decode, encodeURL, fromUint8Array } from 'js-base64';
import { describe, expect, it } from 'vitest';

const shim = createRequire(import.meta.url)('../../src/fhir/base64.cjs') as {
  fromUint8Array(bytes: Uint8Array, urlsafe?: boolean): string;
  encodeURL(text: string): string;
  decode(text: string): string;
};

describe('base64 shim', () => {
  it('encodes bytes as js-base64 does (PKCE verifier and challenge)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, urlsafe) => {
        expect(shim.fromUint8Array(bytes, urlsafe)).toBe(fromUint8Array(bytes, urlsafe));
      }),
    );
  });

  it('encodes and decodes text as js-base64 does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect(shim.encodeURL(text)).toBe(encodeURL(text));
        expect(shim.decode(encodeURL(text))).toBe(decode(encodeURL(text)));
      }),
    );
  });
});
