import { FastifyReply } from 'fastify';

/**
 * Sends a page for Bitrix24's iframe, with a CSP that only `frameAncestors` may frame. Our pages
 * run only their own bundled scripts: no inline script, nothing from a CDN.
 */
export function sendFramedPage(reply: FastifyReply, html: string, frameAncestors: string[], status = 200): void {
  reply.status(status).type('text/html; charset=utf-8').header('Content-Security-Policy', framedPageCsp(frameAncestors)).send(html);
}

export function framedPageCsp(frameAncestors: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}
