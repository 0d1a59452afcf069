import { ApiProperty } from '@nestjs/swagger';
import { ERASURE_REASONS, LEAD_STATUSES, PRODUCTS, SIZE_BANDS } from '../contract';

export class PublicCompanyView {
  @ApiProperty({ example: 'Розничная торговля' }) industry: string;
  @ApiProperty({ enum: SIZE_BANDS }) sizeBand: string;
  @ApiProperty({ example: 'Свердловская область' }) region: string;
  @ApiProperty({ example: 'Екатеринбург' }) city: string;
}

export class NeedView {
  @ApiProperty({ enum: PRODUCTS }) product: string;
  @ApiProperty({ example: 25 }) users: number;
  @ApiProperty({ example: 'CRM для отдела продаж' }) description: string;
}

export class ConsentView {
  @ApiProperty({ example: 'pd-consent-2026-01' }) version: string;
  @ApiProperty({ format: 'date-time' }) givenAt: string;
  @ApiProperty({ example: 'web form' }) source: string;
}

/** The intake system's receipt: it already has the contact, so the contact is not echoed. */
export class LeadReceiptView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: PublicCompanyView }) company: PublicCompanyView;
  @ApiProperty({ type: NeedView }) need: NeedView;
  @ApiProperty({ type: ConsentView }) consent: ConsentView;
}

/** The same answer to every erasure request for a lead: when and why its contacts were destroyed. */
export class ErasureView {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ enum: ['erased'], description: 'The contacts are destroyed and cannot be restored' }) status: 'erased';
  @ApiProperty({ format: 'date-time' }) erasedAt: string;
  @ApiProperty({ enum: ERASURE_REASONS, description: '"request" from this endpoint, "retention" by the retention schedule' })
  reason: string;
}
