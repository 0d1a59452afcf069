import { ShownAgreement } from '../application/agreement-to-show';
import { acceptButton, agreementSection, PAGE_STYLE } from './pd-agreement-html';

/**
 * The page Bitrix24 shows while installing: the personal-data agreement in effect, and
 * installFinish only after the administrator accepted it and the acceptance was recorded.
 */
export function installPage(ticket: string, agreement: ShownAgreement): string {
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Заявки на внедрение Битрикс24 — установка</title>
<script src="https://api.bitrix24.com/api/v1/"></script>
${PAGE_STYLE}
</head>
<body>
${agreementSection(agreement)}
${acceptButton(ticket, 'Принять и завершить установку', 'BX24.installFinish();')}
</body>
</html>`;
}
