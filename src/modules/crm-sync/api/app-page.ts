import { AgreementPrompt, AppSession } from '../application/open-app-page';
import { acceptButton, agreementSection, escapeHtml, PAGE_STYLE } from './pd-agreement-html';

/**
 * The app page's shell: it carries the partner session the page uses for API calls. The request
 * list itself is the app page's own work (a later issue); until then the page says who is signed
 * in, and asks for a new version of the personal-data agreement when the portal has not accepted it.
 */
export function appPage(session: AppSession): string {
  const body = 'partnerName' in session
    ? `<p>Партнёр: <b>${escapeHtml(session.partnerName)}</b>.</p><p>Сессия действует до ${escapeHtml(session.expiresAt)}.</p>`
    : `<p>Портал ${escapeHtml(session.portalDomain)} не привязан ни к одному партнёру. Обратитесь к менеджеру Битрикс24.</p>`;
  return `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><title>Заявки на внедрение Битрикс24</title>
${'partnerName' in session ? `<meta name="partner-session" content="${escapeHtml(session.token)}">` : ''}
${PAGE_STYLE}
</head>
<body>${session.agreementPrompt ? agreementPrompt(session.agreementPrompt) : ''}<h1>Заявки на внедрение Битрикс24</h1>${body}</body>
</html>`;
}

function agreementPrompt(prompt: AgreementPrompt): string {
  const notice = '<p><b>Действует новая версия соглашения. Пока администратор портала не примет её, брать заявки нельзя.</b></p>';
  const action = prompt.ticket
    ? acceptButton(prompt.ticket, 'Принять соглашение', "document.getElementById('pd-agreement').textContent = 'Соглашение принято.';")
    : '<p>Принять соглашение может только администратор портала: попросите его открыть приложение.</p>';
  return `<section id="pd-agreement">${notice}${agreementSection(prompt.agreement)}${action}</section>`;
}
