import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { portalAddress } from '../../crm-sync/contract';
import { SingleLineText } from '../../../shared/http/text';
import { CONTRACT_STATUSES, ContractStatus } from '../domain/partner';

const WEB_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: true };

const IsPortalAddress = () =>
  ValidateBy({
    name: 'isPortalAddress',
    validator: {
      validate: (value) => typeof value === 'string' && value.length <= 300 && portalAddress(value) !== null,
      defaultMessage: () => 'portalDomain must be a Bitrix24 portal address such as company.bitrix24.ru or crm.example.ru:8443',
    },
  });

export class CreatePartnerDto {
  @ApiProperty({ example: 'ООО «Интегратор»', maxLength: 200 })
  @SingleLineText(1, 200)
  name: string;

  @ApiProperty({ example: 'BX-2026-0001', description: 'Partner licence contract number' })
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N}\-/._ ]{0,63}$/u, { message: 'contractNumber must be 1-64 letters, digits, - / . _ or spaces' })
  contractNumber: string;

  @ApiProperty({ enum: CONTRACT_STATUSES })
  @IsIn(CONTRACT_STATUSES)
  contractStatus: ContractStatus;

  @ApiProperty({ example: 'https://integrator.example' })
  @IsUrl(WEB_URL)
  @Length(1, 2000)
  websiteUrl: string;

  @ApiProperty({ example: 'https://integrator.example/bitrix24-implementation', description: 'Page with packaged implementation offers' })
  @IsUrl(WEB_URL)
  @Length(1, 2000)
  offerPageUrl: string;

  @ApiPropertyOptional({
    example: 'integrator.bitrix24.ru',
    nullable: true,
    description: "Address of the partner's own Bitrix24 portal: its host name, with the port for a box portal on another port (crm.example.ru:8443)",
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsPortalAddress()
  portalDomain?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, nullable: true, description: 'Requests in work at once; null uses the default' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(100)
  claimCap?: number | null;
}

/** Every field optional; null only where it means something (portal domain, cap). */
export class UpdatePartnerDto extends PartialType(CreatePartnerDto, { skipNullProperties: false }) {}

export class MintSessionDto {
  @ApiPropertyOptional({ example: '17', description: 'Bitrix24 user the session acts for, when known' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,12}$/, { message: 'b24UserId must be a Bitrix24 user id (digits)' })
  b24UserId?: string;
}
