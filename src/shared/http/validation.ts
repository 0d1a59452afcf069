import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../domain/domain-error';

/** The rules every request body is validated with; also for bodies validated outside the pipe (imports). */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/**
 * Unknown fields are refused, not dropped: a client that sends `partnerId` or `status` must learn
 * that the field does nothing.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'The request has invalid fields.', flatten(errors)),
  });
}

/** class-validator's errors as the `errors[]` of a problem: one entry per failed rule, by dotted field path. */
export function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'unknown field'),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
