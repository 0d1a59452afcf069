import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error';
import { failureLog } from '../domain/failure-reason';
import { FailedAuthBudget } from '../security/failed-auth-budget';
import { RateLimitedError } from '../security/rate-limited.error';
import { codeForStatus, STATUS_BY_CODE } from './error-status';
import { problem, ProblemDetails } from './problem-details';

/**
 * The single place where any error becomes an HTTP answer. Every failed authentication passes
 * here, wherever it was raised (the guard, an event handler, a launch), so here it is counted.
 */
@Catch()
@Injectable()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly failedAuth: FailedAuthBudget) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
      const ip = host.switchToHttp().getRequest<FastifyRequest>().ip;
      void this.failedAuth.spend(ip).then((wait) => this.send(reply, wait === null ? error : new RateLimitedError(wait)));
      return;
    }
    this.send(reply, error);
  }

  private send(reply: FastifyReply, error: unknown): void {
    const body = this.toProblem(error);
    if (body.status >= 500) this.logger.error(failureLog(error), 'request failed');
    if (body.status === 429) reply.header('Retry-After', String(error instanceof RateLimitedError ? error.retryAfterSeconds : 1));
    reply.status(body.status).type('application/problem+json').send(body);
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof DomainError) {
      return problem(STATUS_BY_CODE[error.code], error.code, error.message, error.errors);
    }
    const status = error instanceof HttpException ? error.getStatus() : statusCodeOf(error);
    if (status && status < 500) return problem(status, codeForStatus(status), clientMessage(status));
    return problem(500, 'INTERNAL_ERROR', 'Something went wrong on our side; the request can be retried.');
  }
}

/** Errors raised by Fastify while reading a request carry a `statusCode`. */
function statusCodeOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/** Fixed texts: framework messages may quote the request, and requests carry personal data. */
function clientMessage(status: number): string {
  switch (status) {
    case 404:
      return 'There is no such resource.';
    case 413:
      return 'The request body is too large.';
    case 415:
      return 'Send the request body as application/json.';
    default:
      return 'The request could not be read: check that the body is well-formed JSON.';
  }
}
