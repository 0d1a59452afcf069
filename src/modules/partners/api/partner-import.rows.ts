import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flatten, VALIDATION_OPTIONS } from '../../../shared/http/validation';
import { ImportLine } from '../application/import-partners';
import { RegistryInputRow } from '../application/registry-import/registry-table';
import { PartnerDraft } from '../application/register-partner';
import { CreatePartnerDto } from './partner.dto';

/**
 * Judges an import row by the rules of POST /partners (CreatePartnerDto, the same validator
 * options as the request pipe), so a row is refused exactly when that request would be.
 */
export function toImportLine({ row, values, problems }: RegistryInputRow): ImportLine {
  const given = values.contractNumber;
  const contractNumber = typeof given === 'string' && given !== '' ? given.slice(0, 100) : null;
  const dto = plainToInstance(CreatePartnerDto, values, { enableImplicitConversion: false });
  const errors = [...problems, ...flatten(validateSync(dto, VALIDATION_OPTIONS))];
  if (errors.length > 0) return { row, contractNumber, errors };
  const draft: PartnerDraft = {
    contractNumber: dto.contractNumber,
    name: dto.name,
    contractStatus: dto.contractStatus,
    websiteUrl: dto.websiteUrl,
    offerPageUrl: dto.offerPageUrl,
  };
  if (Object.hasOwn(values, 'portalDomain')) draft.portalDomain = dto.portalDomain ?? null;
  if (Object.hasOwn(values, 'claimCap')) draft.claimCap = dto.claimCap ?? null;
  return { row, contractNumber, draft };
}
