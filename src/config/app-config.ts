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
import { SecretBox } from '../shared/crypto/secret-box';
import { ConfigReading, Env, readConfig } from './validated-config';

const MASTER_KEY_RING = /^[\w-]{1,32}:[A-Za-z0-9+/=]{43,44}(,[\w-]{1,32}:[A-Za-z0-9+/=]{43,44})*$/;
const ROLE_KEY_LIST = /^(operator|intake|auditor):[^,:\s]{16,}(,(operator|intake|auditor):[^,:\s]{16,})*$/;

/**
 * The platform's settings: server, database, security, events and logs. Each module owns and
 * validates its own (`<module>.config.ts`); `Settings` reads them all in one pass.
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

  /** How long an open app page may keep renewing its session before Bitrix24 must launch it again. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 86400)
  SESSION_MAX_AGE_SECONDS = 43200;

  /** Personal data cannot be sealed or read without it, so the service refuses to start (fails closed). */
  @Matches(MASTER_KEY_RING, {
    message:
      'PII_MASTER_KEY is required: id:base64 of 32 bytes, several comma-separated, the first one current (generate one with: echo "k1:$(openssl rand -base64 32)")',
  })
  PII_MASTER_KEY: string;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 65536;

  /** Rate limits: fixed windows counted in PostgreSQL, so they hold across instances. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests per window for one API key or one partner (all of its sessions together). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_CLIENT = 1200;

  /** Contact reveals (taking a lead, reading a claim) per window for one partner. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REVEALS_PER_PARTNER = 60;

  /** Requests per window from one IP address to routes called without credentials (Bitrix24's). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_B24_PER_IP = 1200;

  /** Requests per window from one IP address that fail authentication (bad key, forged token or event) before 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_UNAUTHENTICATED_PER_IP = 100;

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

  /** How often each instance looks for scheduled tasks that are due. */
  @Type(() => Number)
  @Min(0.1)
  @Max(60)
  SCHEDULER_TICK_SECONDS = 5;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  LOG_PRETTY = false;

  /** The platform's settings and their problems; `Settings.fromEnv` reads them with every module's. */
  static read(env: Env): ConfigReading<AppConfig> {
    return readConfig(AppConfig, env, (c) => [
      ...(env.NODE_ENV === 'production' && /change-me/.test(`${c.API_KEYS} ${c.SESSION_SECRET}`)
        ? ['API_KEYS and SESSION_SECRET still hold the example values from .env.example']
        : []),
      ...masterKeyProblems(c.PII_MASTER_KEY),
    ]);
  }

  apiKeys(): Array<{ role: ApiRole; key: string }> {
    return this.API_KEYS.split(',').map((pair) => {
      const [role, key] = pair.split(':');
      return { role: role as ApiRole, key };
    });
  }
}

/** What the pattern cannot see: a key that does not decode to 32 bytes, an id given twice. */
function masterKeyProblems(setting: string | undefined): string[] {
  if (!setting || !MASTER_KEY_RING.test(setting)) return [];
  try {
    SecretBox.fromSetting(setting);
    return [];
  } catch {
    return ['PII_MASTER_KEY must hold keys of exactly 32 bytes, each id once'];
  }
}

export type ApiRole = 'operator' | 'intake' | 'auditor';
