import { FastifyInstance } from 'fastify';
import { clientMessage, httpStatusOf, sendProblem } from '../shared/http/problem-details.filter';
import { codeForStatus } from '../shared/http/error-status';
import { problem } from '../shared/http/problem-details';

/**
 * Errors Fastify raises before Nest sees the request (malformed JSON, a body over the limit,
 * an unsupported content type, prototype poisoning) get the same problem-details shape.
 */
export function installFastifyErrorHandling(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error, _request, reply) => {
    const status = httpStatusOf(error);
    if (status && status < 500) {
      sendProblem(reply, problem(status, codeForStatus(status), clientMessage(status)));
      return;
    }
    reply.log.error({ err: error }, 'unhandled error');
    sendProblem(reply, problem(500, 'INTERNAL_ERROR', 'Something went wrong on our side; the request can be retried.'));
  });
}
