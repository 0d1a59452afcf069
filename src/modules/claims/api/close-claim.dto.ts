import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { MultiLineText, SingleLineText } from '../../../shared/http/text';

export class CloseClaimDto {
  @ApiProperty({ enum: ['won', 'lost'] }) @IsIn(['won', 'lost'])
  outcome: 'won' | 'lost';

  @ApiPropertyOptional({ example: 'customer.bitrix24.ru', description: 'Required for won unless licenseKey is given' })
  @IsOptional() @ValidateIf((o) => o.portalAddress !== null) @SingleLineText(0, 2000)
  portalAddress?: string | null;

  @ApiPropertyOptional({ example: 'NFR-123-4567890', description: 'Box licence key; required for won unless portalAddress is given' })
  @IsOptional() @ValidateIf((o) => o.licenseKey !== null) @SingleLineText(0, 200)
  licenseKey?: string | null;

  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @ValidateIf((o) => o.reason !== null) @MultiLineText(1, 1000)
  reason?: string | null;
}
