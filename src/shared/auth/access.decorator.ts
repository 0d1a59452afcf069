import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { Audience, PartnerPrincipal, Principal } from './principal';

export const ACCESS_KEY = 'access';
export const PUBLIC_ACCESS = 'public';

/** Who may call a route. Routes without it are closed: the guard refuses them. */
export function Access(...audiences: Audience[]) {
  const docs = [];
  if (audiences.includes('partner')) docs.push(ApiBearerAuth('partner-session'));
  if (audiences.some((a) => a !== 'partner')) docs.push(ApiSecurity('api-key'));
  return applyDecorators(SetMetadata(ACCESS_KEY, audiences), ...docs);
}

export const Public = () => SetMetadata(ACCESS_KEY, PUBLIC_ACCESS);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);

export const CurrentPartner = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): PartnerPrincipal => ctx.switchToHttp().getRequest().principal,
);
