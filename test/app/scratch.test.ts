// @vitest-environment happy-dom
import { test, expect } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';

const server = setupServer(http.get('https://ehr.example/fhir/metadata', ({request}) => HttpResponse.json({ ok: true, auth: request.headers.get('authorization') })));
server.listen();
test('fetch intercepted', async () => {
  console.log('location', location.href, typeof (globalThis as any).happyDOM, typeof window.happyDOM);
  (window as any).happyDOM.setURL('https://app.example/launch/?iss=x');
  console.log('location', location.href, crypto.subtle ? 'subtle' : 'nosubtle', typeof sessionStorage);
  const r = await fetch('https://ehr.example/fhir/metadata', { headers: { authorization: 'Bearer x' } });
  console.log(await r.json(), fetch === window.fetch);
  expect(1).toBe(1);
});
