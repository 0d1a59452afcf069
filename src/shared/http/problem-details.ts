import { STATUS_CODES } from 'node:http';
import { FieldError } from '../domain/domain-error';
import { ErrorCode } from '../domain/error-codes';

/** RFC 9457 problem details plus the stable `code` clients branch on. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
}

export function problem(status: number, code: ErrorCode, detail: string, errors?: FieldError[]): ProblemDetails {
  return {
    type: `https://partner-leads.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
