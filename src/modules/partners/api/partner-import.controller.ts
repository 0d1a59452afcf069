import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Access } from '../../../shared/auth/access.decorator';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { BULK_BODY } from '../../../shared/http/bulk-body';
import { ImportPartners } from '../application/import-partners';
import { readCsvTable, readJsonTable } from '../application/registry-import/registry-table';
import { PartnersConfig } from '../partners.config';
import { ImportPartnersJsonBody, ImportReportView } from './partner-import.views';
import { toImportLine } from './partner-import.rows';
import { CreatePartnerDto } from './partner.dto';

const CSV_EXAMPLE =
  'Номер договора;Наименование;Статус договора;Сайт;Страница предложения;Портал;Лимит заявок\r\n' +
  'BX-2026-0001;"ООО ""Интегратор""";действует;https://integrator.example;https://integrator.example/offers;integrator.bitrix24.ru;5\r\n';

@ApiTags('partners (operator)')
@Access('operator')
@Controller('partners')
export class PartnerImportController {
  constructor(
    private readonly importer: ImportPartners,
    private readonly config: PartnersConfig,
  ) {}

  @Post('import')
  @HttpCode(200)
  @RouteConfig({ [BULK_BODY]: true })
  @ApiOperation({
    summary: 'Import the partner registry (CSV or JSON), upserting by contract number',
    description:
      'CSV as 1C or Excel export it (UTF-8, optional BOM, `;` or `,` — read from the header line — quoted fields, CRLF or LF) ' +
      'with English field names or Russian headers (Номер договора, Наименование, Статус договора, Сайт, Страница предложения, ' +
      'Портал, Лимит заявок; case and spaces do not matter), or JSON `{ "partners": [ … ] }` or a bare array. ' +
      'Statuses: active/blocked/terminated or действует/заблокирован/расторгнут. An empty cap is the default; a missing ' +
      'Портал or Лимит заявок column keeps what the partner has. Each row is validated as POST /partners; a bad row is ' +
      'refused with the field and reason and the other rows are written. A repeated import changes nothing.',
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiExtraModels(ImportPartnersJsonBody, CreatePartnerDto)
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', description: 'CSV, header line first', example: CSV_EXAMPLE },
        { $ref: getSchemaPath(ImportPartnersJsonBody) },
        { type: 'array', items: { $ref: getSchemaPath(CreatePartnerDto) } },
      ],
    },
  })
  @ApiOkResponse({ type: ImportReportView, description: 'A report per row; refused rows wrote nothing' })
  @ApiProblems(400, 401, 403, 413, 415)
  async importRegistry(@Body() body: unknown, @Headers('content-type') contentType?: string): Promise<ImportReportView> {
    const max = this.config.IMPORT_MAX_ROWS;
    const rows = /^\s*text\/csv\b/i.test(contentType ?? '') ? readCsvTable(typeof body === 'string' ? body : '', max) : readJsonTable(body, max);
    return this.importer.execute(rows.map(toImportLine));
  }
}
