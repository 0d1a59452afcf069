import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { DISCLOSURE_PURPOSES } from '../contract';
import { ACCESS_LOG_FORMATS, AccessLogFormat } from '../domain/access-log-export';

export class AccessLogQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  leadId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive' }) @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive' }) @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: ACCESS_LOG_FORMATS, description: 'Overrides Accept; csv and ndjson stream every match (no limit)' })
  @IsOptional() @IsIn(ACCESS_LOG_FORMATS)
  format?: AccessLogFormat;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, description: 'JSON pages only' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit: number = 100;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @Matches(/^\d{1,18}$/, { message: 'cursor is not one this API returned' })
  cursor?: string;
}

export class AccessLogRecordView {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty({ nullable: true, type: String }) b24UserId: string | null;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) claimId: string | null;
  @ApiProperty({ enum: DISCLOSURE_PURPOSES }) purpose: string;
  @ApiProperty({ enum: ['api', 'bitrix24'] }) channel: string;
}

export class AccessLogPageView {
  @ApiProperty({ type: [AccessLogRecordView] }) items: AccessLogRecordView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
