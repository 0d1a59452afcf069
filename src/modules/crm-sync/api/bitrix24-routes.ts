import { RouteConfig } from '@nestjs/platform-fastify';
import { FORM_BODY } from '../../../shared/http/form-body';

/** A route Bitrix24 posts a form to (PHP bracket keys such as `auth[member_id]`). */
export const PostedByBitrix24 = () => RouteConfig({ [FORM_BODY]: true });

/**
 * A route Bitrix24 posts a form to and shows the answer of in the portal's iframe. X-Frame-Options
 * can only say DENY or SAMEORIGIN, either of which would block the iframe, so it is left off; the
 * CSP that `sendFramedPage` sets names who may frame the page. Until it does, the API's CSP
 * (`frame-ancestors 'none'`) stays in place, so a forgotten call fails closed.
 */
export const FramedByBitrix24 = () => RouteConfig({ [FORM_BODY]: true, helmet: { frameguard: false } });
