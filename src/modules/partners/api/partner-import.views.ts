import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_OUTCOMES } from '../application/import-partners';
import { CreatePartnerDto } from './partner.dto';

export class ImportFieldErrorView {
  @ApiProperty({ example: 'websiteUrl' }) field: string;
  @ApiProperty({ example: 'websiteUrl must be a URL address' }) message: string;
}

export class ImportSummaryView {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() refused: number;
}

export class ImportRowView {
  @ApiProperty({ description: 'CSV: the line of the file the row starts on (the header is line 1); JSON: the position in the list, from 1' })
  row: number;
  @ApiProperty({ nullable: true, type: String, example: 'BX-2026-0001' }) contractNumber: string | null;
  @ApiProperty({ enum: IMPORT_OUTCOMES }) outcome: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) partnerId: string | null;
  @ApiPropertyOptional({ type: [String], example: ['contractStatus', 'claimCap'], description: 'updated: the fields that changed' })
  changed?: string[];
  @ApiPropertyOptional({ type: [ImportFieldErrorView], description: 'refused: why' })
  errors?: ImportFieldErrorView[];
}

export class ImportReportView {
  @ApiProperty({ type: ImportSummaryView }) summary: ImportSummaryView;
  @ApiProperty({ type: [ImportRowView] }) rows: ImportRowView[];
}

/** The JSON form of the body, for the OpenAPI document. */
export class ImportPartnersJsonBody {
  @ApiProperty({ type: [CreatePartnerDto] }) partners: CreatePartnerDto[];
}
