import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '../domain/error-codes';

export const STATUS_BY_CODE: Record<ErrorCode, HttpStatus> = {
  CLAIM_CAP_REACHED: HttpStatus.CONFLICT,
  ALREADY_CLAIMED: HttpStatus.CONFLICT,
  LEAD_NOT_OPEN: HttpStatus.CONFLICT,
  LEAD_CLAIM_LIMIT_REACHED: HttpStatus.CONFLICT,
  PARTNER_NOT_ELIGIBLE: HttpStatus.FORBIDDEN,
  PD_AGREEMENT_REQUIRED: HttpStatus.FORBIDDEN,
  WON_REQUIRES_PROOF: HttpStatus.UNPROCESSABLE_ENTITY,
  CLAIM_CLOSED: HttpStatus.CONFLICT,
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  MALFORMED_REQUEST: HttpStatus.BAD_REQUEST,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  IDEMPOTENCY_REQUEST_IN_FLIGHT: HttpStatus.CONFLICT,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  METHOD_NOT_ALLOWED: HttpStatus.METHOD_NOT_ALLOWED,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  CONFLICT: HttpStatus.CONFLICT,
  INTERNAL_ERROR: HttpStatus.INTERNAL_SERVER_ERROR,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
};

/** For errors raised outside our code (Nest, Fastify) that carry only a status. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'MALFORMED_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST';
  }
}
