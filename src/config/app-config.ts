import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { Env, validatedConfig } from './validated-config';

export { InvalidConfigError } from './validated-config';

const ROLE_KEY_LIST = /^(operator|intake|auditor):[^,:\s]{16,}(,(operator|intake|auditor):[^,:\s]{16,})*$/;

/**
 * Every setting the service reads, validated once at start-up so a bad deployment fails
 * before it serves a request rather than at the first request that needs the value.
 */
export class AppConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  EMBEDDED_PG_DIR?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DB_POOL_SIZE = 4;

  @Matches(ROLE_KEY_LIST, {
    message: 'API_KEYS must be a comma-separated list of role:key pairs (roles operator, intake, auditor; keys of 16+ characters)',
  })
  API_KEYS: string;

  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  SESSION_TTL_SECONDS = 3600;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DEFAULT_CLAIM_CAP = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  LEAD_MAX_CLAIMS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  LEAD_TTL_DAYS = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LEAD_EXPIRY_INTERVAL_SECONDS = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 65536;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(600)
  EVENT_RETRY_DELAY_SECONDS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  EVENT_EXPIRE_SECONDS = 60;

  @Type(() => Number)
  @Min(0.5)
  EVENT_POLL_SECONDS = 2;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  EVENT_MAINTENANCE_SECONDS = 60;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  LOG_PRETTY = false;

  /** The environment this configuration was read from, for the settings of individual modules. */
  env: Env = {};

  static fromEnv(env: Env): AppConfig {
    const config = validatedConfig(AppConfig, env, (c) =>
      env.NODE_ENV === 'production' && /change-me/.test(`${c.API_KEYS} ${c.SESSION_SECRET}`)
        ? ['API_KEYS and SESSION_SECRET still hold the example values from .env.example']
        : [],
    );
    config.env = { ...env };
    return config;
  }

  apiKeys(): Array<{ role: ApiRole; key: string }> {
    return this.API_KEYS.split(',').map((pair) => {
      const [role, key] = pair.split(':');
      return { role: role as ApiRole, key };
    });
  }
}

export type ApiRole = 'operator' | 'intake' | 'auditor';
