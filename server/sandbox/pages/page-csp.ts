// The sandbox pages' Content-Security-Policy: no script at all; the EHR frame may embed the app (same origin).
import { cspHeader } from '../../security-headers';

export function sandboxPageCsp(opts: { frameApp?: boolean; formTargets?: string[] } = {}): string {
  return cspHeader({
    'default-src': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'frame-src': opts.frameApp ? ["'self'"] : [],
    'form-action': ["'self'", ...(opts.formTargets ?? [])],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'self'"],
  });
}
