import { ShownAgreement } from '../application/agreement-to-show';
import { builtPage, INSTALL_BODY_SLOT, INSTALL_CONTEXT_SLOT } from './app-page-bundle';
import { agreementSection, escapeHtml, PAGE_STYLE } from './pd-agreement-html';

/**
 * The page Bitrix24 shows while installing: the personal-data agreement in effect, and
 * installFinish only after the administrator accepted it and the acceptance was recorded (the
 * built install.html's script does both). Null when the page is not built.
 */
export function installPage(ticket: string, agreement: ShownAgreement): string | null {
  const shell = builtPage('install.html', [INSTALL_CONTEXT_SLOT, INSTALL_BODY_SLOT]);
  if (!shell) return null;
  return shell
    .replace(INSTALL_CONTEXT_SLOT, () => `<meta name="install-ticket" content="${escapeHtml(ticket)}">\n${PAGE_STYLE}`)
    .replace(INSTALL_BODY_SLOT, () => agreementSection(agreement));
}
