import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PRODUCTS, Product, SIZE_BANDS, SizeBand } from '../contract';
import { toE164 } from '../domain/phone';
import { MultiLineText, SingleLineText } from '../../../shared/http/text';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CompanyDto {
  @ApiProperty({ example: 'ООО «Пример»', maxLength: 300, description: 'Hidden from partners until they take the request' })
  @SingleLineText(1, 300)
  name: string;

  @ApiProperty({ example: 'Розничная торговля', maxLength: 100 })
  @SingleLineText(1, 100)
  industry: string;

  @ApiProperty({ enum: SIZE_BANDS, description: 'Employee count band' })
  @IsIn(SIZE_BANDS)
  sizeBand: SizeBand;

  @ApiProperty({ example: 'Свердловская область', maxLength: 100 })
  @SingleLineText(1, 100)
  region: string;

  @ApiProperty({ example: 'Екатеринбург', maxLength: 100 })
  @SingleLineText(1, 100)
  city: string;
}

export class NeedDto {
  @ApiProperty({ enum: PRODUCTS })
  @IsIn(PRODUCTS)
  product: Product;

  @ApiProperty({ example: 25, minimum: 1, maximum: 100000, description: 'Number of Bitrix24 users' })
  @IsInt() @Min(1) @Max(100000)
  users: number;

  @ApiProperty({ example: 'CRM для отдела продаж и телефония', maxLength: 4000 })
  @MultiLineText(1, 4000)
  description: string;
}

export class ContactDto {
  @ApiProperty({ example: 'Имя Фамилия', maxLength: 200 })
  @SingleLineText(1, 200)
  name: string;

  @ApiProperty({ example: 'Директор', maxLength: 200 })
  @SingleLineText(1, 200)
  position: string;

  @ApiProperty({ example: '+7 (9XX) XXX-XX-XX', description: 'Any Russian or international format; stored in E.164' })
  // An unreadable number becomes '' so the pattern below refuses it instead of trusting its raw form.
  @Transform(({ value }) => (typeof value === 'string' ? (toE164(value) ?? '') : value))
  @IsString()
  @Matches(/^\+[1-9]\d{7,14}$/, { message: 'phone must be a valid phone number without an extension' })
  phone: string;

  @ApiProperty({ example: 'name@example.com', maxLength: 254 })
  @Transform(trimmed) @IsString() @MaxLength(254) @IsEmail({ allow_display_name: false, allow_ip_domain: false })
  email: string;
}

export class ConsentDto {
  @ApiProperty({ example: 'pd-consent-2026-01', description: 'Version of the consent text the customer accepted' })
  @SingleLineText(1, 50)
  version: string;

  @ApiProperty({ example: '2026-11-27T09:30:00Z', format: 'date-time' })
  @IsISO8601({ strict: true, strictSeparator: true })
  givenAt: string;

  @ApiProperty({ example: 'bitrix24.ru/partners form', maxLength: 200, description: 'Where the consent was collected' })
  @SingleLineText(1, 200)
  source: string;
}

export class CreateLeadDto {
  @ApiProperty({ type: CompanyDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => CompanyDto)
  company: CompanyDto;

  @ApiProperty({ type: NeedDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => NeedDto)
  need: NeedDto;

  @ApiProperty({ type: ContactDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => ContactDto)
  contact: ContactDto;

  @ApiProperty({ type: ConsentDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => ConsentDto)
  consent: ConsentDto;
}

export class WithdrawLeadDto {
  @ApiProperty({ required: false, maxLength: 500, example: 'Клиент передумал' })
  @IsOptional() @MultiLineText(1, 500)
  reason?: string;
}
