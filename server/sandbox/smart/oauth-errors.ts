// OAuth 2.0 errors as typed values (RFC 6749 sections 4.1.2.1 and 5.2), turned into responses in one place by
// the authorization routes.
import { KnownError } from '../../../src/errors';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied';

export class OAuthError extends KnownError {
  readonly code: OAuthErrorCode;
  override readonly httpStatus: 400 | 401;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status: 400 | 401 = 400,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
    this.code = error;
    this.httpStatus = status;
  }
}

/** An authorize request whose client or redirect URI cannot be trusted: shown to the user, never redirected. */
export class UnredirectableAuthorizeError extends KnownError {
  override name = 'UnredirectableAuthorizeError';
  readonly code = 'authorize-unredirectable';
}
