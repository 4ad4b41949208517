// Stands in for js-base64 in the browser build (aliased in vite.config.ts): fhirclient uses three of its
// functions (PKCE verifier and challenge, base64url of text, decoding), which the browser's btoa/atob and
// TextEncoder/TextDecoder do in a few lines instead of ~2.3 kB gzip. test/app/base64-shim.test.ts checks it
// against js-base64 itself. CommonJS, because fhirclient require()s it.
'use strict';

function fromUint8Array(bytes, urlsafe) {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  const base64 = btoa(binary);
  return urlsafe ? base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : base64;
}

function encodeURL(text) {
  return fromUint8Array(new TextEncoder().encode(String(text)), true);
}

/** Base64 or base64url, padded or not, to the UTF-8 text it encodes. */
function decode(text) {
  const base64 = String(text).replace(/[^A-Za-z0-9+/_-]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

module.exports = { fromUint8Array, encodeURL, decode };
