// Stands in for the isomorphic-webcrypto package that fhirclient requires only when globalThis.crypto is
// missing. Every browser that can run PKCE has Web Crypto, so the app ships this instead of the polyfill
// (aliased in vite.config.ts).
export default globalThis.crypto;
