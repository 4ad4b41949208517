// The msw server every app test file shares the set-up of: listening for the whole file, refusing requests no
// handler answers, and each test starting from an empty sessionStorage and an unmounted app.
import { cleanup } from '@testing-library/preact';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export function mswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => sessionStorage.clear());
  afterEach(() => cleanup());
  return server;
}
