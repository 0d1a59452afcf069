import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_STATUSES } from '../domain/claim';

/** Who took a request: for operators only, never shown to partners. */
export class LeadHolderView {
  @ApiProperty({ format: 'uuid' }) claimId: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) takenAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
}
