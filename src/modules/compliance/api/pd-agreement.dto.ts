import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { MultiLineText } from '../../../shared/http/text';

export class PublishPdAgreementDto {
  @ApiProperty({ example: '2026-02', description: 'Letters, digits, . _ -; unique' })
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u, { message: 'version must be 1-64 letters, digits, . _ or -' })
  version: string;

  @ApiProperty({ description: 'The full text shown to portal administrators', maxLength: 100000 })
  @MultiLineText(1, 100_000)
  text: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the version takes effect; default now, never in the past' })
  @IsOptional() @IsISO8601({ strict: true })
  effectiveFrom?: string;
}

export class PdAgreementVersionView {
  @ApiProperty({ example: '2026-02' }) version: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'SHA-256 of the text (hex), the proof of what was accepted' }) textSha256: string;
  @ApiProperty({ format: 'date-time' }) effectiveFrom: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ description: 'The operator key that published it' }) publishedBy: string;
  @ApiProperty({ description: 'This is the version in effect now' }) inEffect: boolean;
}
