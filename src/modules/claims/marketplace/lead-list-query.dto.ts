import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../shared/http/page-query.dto';
import { SingleLineText } from '../../../shared/http/text';
import { PRODUCTS, SIZE_BANDS } from '../../leads/contract';

export class LeadListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'Moscow' }) @IsOptional() @SingleLineText(1, 100)
  region?: string;

  @ApiPropertyOptional({ example: 'Retail' }) @IsOptional() @SingleLineText(1, 100)
  industry?: string;

  @ApiPropertyOptional({ enum: SIZE_BANDS }) @IsOptional() @IsIn(SIZE_BANDS)
  sizeBand?: string;

  @ApiPropertyOptional({ enum: PRODUCTS }) @IsOptional() @IsIn(PRODUCTS)
  product?: string;
}
