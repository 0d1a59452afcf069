import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';

const enabled = (c: Bitrix24Config) => Boolean(c.B24_CLIENT_ID);
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Settings of the Bitrix24 application. Unset B24_CLIENT_ID leaves the integration off. */
export class Bitrix24Config {
  @IsOptional() @IsString() @MinLength(1)
  B24_CLIENT_ID?: string;

  @ValidateIf(enabled) @IsString() @MinLength(8, { message: 'B24_CLIENT_SECRET is required with B24_CLIENT_ID' })
  B24_CLIENT_SECRET?: string;

  @IsUrl(URL_OPTIONS, { message: 'B24_OAUTH_URL must be an http(s) URL' })
  B24_OAUTH_URL = 'https://oauth.bitrix.info';

  @ValidateIf(enabled) @IsUrl(URL_OPTIONS, { message: 'PUBLIC_URL must be the http(s) URL where Bitrix24 reaches this service' })
  PUBLIC_URL?: string;

  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  B24_ALLOW_INSECURE_PORTALS = false;

  @Type(() => Number) @IsInt() @Min(5) @Max(86400)
  B24_RECONCILE_SECONDS = 300;

  /** How often every portal's event bindings are checked and what is missing is bound again. */
  @Type(() => Number) @IsInt() @Min(60) @Max(7 * 86400)
  B24_BINDINGS_CHECK_SECONDS = 86400;

  /** A portal whose token pair is older than this is refreshed by a cheap call (refresh tokens live 180 days). */
  @Type(() => Number) @IsInt() @Min(1) @Max(150)
  B24_TOKEN_MAX_AGE_DAYS = 30;

  @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  B24_RATE_CAPACITY = 50;

  @Type(() => Number) @Min(0.1) @Max(100)
  B24_RATE_PER_SECOND = 2;

  @Type(() => Number) @IsInt() @Min(100) @Max(60000)
  B24_TIMEOUT_MS = 10000;

  /** First backoff after a limit or a failure; it doubles (with jitter) on each further attempt. */
  @Type(() => Number) @IsInt() @Min(10) @Max(60000)
  B24_BACKOFF_MS = 500;

  @IsString() @MinLength(1)
  PD_AGREEMENT_VERSION = '2026-01';

  get enabled(): boolean {
    return enabled(this);
  }
}
