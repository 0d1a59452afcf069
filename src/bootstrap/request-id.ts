import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { FastifyInstance } from 'fastify';

const CLIENT_ID = /^[\w.-]{1,64}$/;

/** A client's own X-Request-Id is kept when it is harmless in a log line; otherwise a UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
}

export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
}
