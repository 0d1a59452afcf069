import { RequestMethod } from '@nestjs/common';
import { Params } from 'nestjs-pino';
import { AppConfig } from './app-config';

/**
 * JSON logs; each request line carries the id Fastify assigned (bootstrap/request-id.ts). Bodies,
 * query strings and headers are left out: requests carry personal data and credentials.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      transport: config.LOG_PRETTY ? { target: 'pino-pretty' } : undefined,
      serializers: {
        req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
          userAgent: req.headers['user-agent'],
        }),
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
    },
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
