import { PipeTransform } from '@nestjs/common';
import { DomainError } from '../domain/domain-error';

/** For commands that take no fields: anything sent is refused rather than silently ignored. */
export class NoBodyFields implements PipeTransform<unknown, undefined> {
  transform(body: unknown): undefined {
    if (body === undefined || body === null) return undefined;
    const fields = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : ['(body)'];
    if (fields.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'This request takes no fields.',
        fields.map((field) => ({ field, message: 'unknown field' })),
      );
    }
    return undefined;
  }
}
