import { ApiProperty } from '@nestjs/swagger';
import { LEAD_STATUSES, PRODUCTS, SIZE_BANDS } from '../domain/lead';

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
