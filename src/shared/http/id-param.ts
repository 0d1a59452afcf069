import { applyDecorators, Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { NotFoundError } from '../domain/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names nothing that exists, so it is a 404 like any unknown id. */
class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundError(this.what);
    return value.toLowerCase();
  }
}

export const IdParam = (what: string) => Param('id', new IdPipe(what));

export const ApiIdParam = (description: string) =>
  applyDecorators(ApiParam({ name: 'id', format: 'uuid', description }));
