import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Settings of the partner registry. */
export class PartnersConfig {
  /** Leads a partner may have in work at once, unless the partner has a cap of its own. */
  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  DEFAULT_CLAIM_CAP = 3;
}
