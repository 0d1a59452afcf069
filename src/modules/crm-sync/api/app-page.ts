import { AppSession } from '../application/open-app-page';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The app page's shell: it carries the partner session the page uses for API calls. The request
 * list itself is the app page's own work (a later issue); until then the page says who is signed in.
 */
export function appPage(session: AppSession): string {
  const body = 'partnerName' in session
    ? `<p>Партнёр: <b>${escapeHtml(session.partnerName)}</b>.</p><p>Сессия действует до ${escapeHtml(session.expiresAt)}.</p>`
    : `<p>Портал ${escapeHtml(session.portalDomain)} не привязан ни к одному партнёру. Обратитесь к менеджеру Битрикс24.</p>`;
  return `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><title>Заявки на внедрение Битрикс24</title>
${'partnerName' in session ? `<meta name="partner-session" content="${escapeHtml(session.token)}">` : ''}
</head>
<body><h1>Заявки на внедрение Битрикс24</h1>${body}</body>
</html>`;
}
