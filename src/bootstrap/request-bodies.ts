import { FastifyInstance } from 'fastify';
import { parse as parseForm } from 'qs';
import { acceptsFormBody } from '../shared/http/form-body';

const MAX_DEPTH = 32;

/**
 * The API reads JSON bodies only: other media types get 415. Bodies nested deeper than any of our
 * requests are refused while parsing, before recursive validation could exhaust the stack.
 * Routes that say so in their config (`FORM_BODY`: Bitrix24 posts forms with PHP bracket keys such
 * as `auth[member_id]=…`) also read form-encoded bodies.
 */
export function acceptRequestBodies(fastify: FastifyInstance): void {
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
}

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
