import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Settings of the claims module. */
export class ClaimsConfig {
  /** Partners that may hold one lead (active or won claims). */
  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  LEAD_MAX_CLAIMS = 5;

  /** Days after a lost claim during which its partner still sees the contacts. */
  @Type(() => Number) @IsInt() @Min(1) @Max(365)
  LOST_CLAIM_ACCESS_DAYS = 30;
}
