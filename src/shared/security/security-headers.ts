import helmet from '@fastify/helmet';
import { FastifyInstance } from 'fastify';

/**
 * The API answers JSON that no browser should render, frame or run: nothing may load from it.
 * `upgrade-insecure-requests` is left out because local development runs on plain http.
 */
const API_CSP = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
};

/** The Swagger UI: its own scripts and styles (it sets inline styles), its data: icons, our API. */
const DOCS_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

const isDocsPage = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

/**
 * Security headers on every answer (helmet: nosniff, no-referrer, HSTS, frame denial, CSP, ...).
 * Call it before any route is added: route-scoped policies are attached as routes register.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRoute', (route) => {
    if (isDocsPage(route.url)) route.config = { ...route.config, helmet: { contentSecurityPolicy: DOCS_CSP } };
  });
  await fastify.register(helmet, {
    contentSecurityPolicy: API_CSP,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
}
