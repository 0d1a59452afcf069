import { FastifyInstance } from 'fastify';
import { parse as parseForm } from 'qs';
import { DomainError } from '../shared/domain/domain-error';
import { acceptsBulkBody } from '../shared/http/bulk-body';
import { acceptsFormBody } from '../shared/http/form-body';

const MAX_DEPTH = 32;

/**
 * The API reads JSON bodies only: other media types get 415. Bodies nested deeper than any of our
 * requests are refused while parsing, before recursive validation could exhaust the stack.
 * Routes that say so in their config (`FORM_BODY`: Bitrix24 posts forms with PHP bracket keys such
 * as `auth[member_id]=…`) also read form-encoded bodies.
 * Bulk-upload routes (`BULK_BODY`: the partner registry import) also read `text/csv` in UTF-8, and
 * take bodies up to `bulkBodyLimit` bytes instead of the server-wide limit.
 */
export function acceptRequestBodies(fastify: FastifyInstance, { bulkBodyLimit }: { bulkBodyLimit: number }): void {
  fastify.addHook('onRoute', (route) => {
    if (acceptsBulkBody(route.config)) route.bodyLimit = bulkBodyLimit;
  });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      if (depthExceeds(value, MAX_DEPTH)) return done(badRequest('The JSON body is nested too deeply.'), undefined);
      done(null, value);
    });
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    if (!acceptsFormBody(request.routeOptions.config)) return done(unsupported(), undefined);
    done(null, parseForm(body as string, { depth: 6, parameterLimit: 500, allowPrototypes: false, allowDots: false }));
  });
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (request, body, done) => {
    if (!acceptsBulkBody(request.routeOptions.config)) return done(unsupported(), undefined);
    const charset = /;\s*charset\s*=\s*"?([\w-]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) return done(unsupported(), undefined);
    try {
      done(null, UTF8.decode(body as Buffer));
    } catch {
      done(new DomainError('MALFORMED_REQUEST', 'The CSV body is not UTF-8 text: save the file as «CSV UTF-8».'), undefined);
    }
  });
}

/** Fails on bytes that are not UTF-8 (a file saved as Windows-1251) rather than reading them as U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function depthExceeds(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

function unsupported(): Error {
  return Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 });
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}
