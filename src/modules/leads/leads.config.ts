import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Settings of the leads module: how long a request stays open, and how long its contacts are kept. */
export class LeadsConfig {
  @Type(() => Number) @IsInt() @Min(1) @Max(365)
  LEAD_TTL_DAYS = 30;

  @Type(() => Number) @IsInt() @Min(1)
  LEAD_EXPIRY_INTERVAL_SECONDS = 60;

  @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  PII_RETENTION_DAYS = 365;

  @Type(() => Number) @IsInt() @Min(1)
  PII_RETENTION_INTERVAL_SECONDS = 3600;
}
