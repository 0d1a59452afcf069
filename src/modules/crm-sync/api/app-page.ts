import { AppLaunch } from '../application/open-app-page';
import { builtPage, LAUNCH_CONTEXT_SLOT } from './app-page-bundle';
import { escapeHtml, PAGE_STYLE } from './pd-agreement-html';

type Session = Extract<AppLaunch, { kind: 'session' }>;

/**
 * The built app page with the partner session and what the launch told us, as meta tags the page
 * reads (data, never script, so the CSP needs no inline script). Null when the page is not built.
 */
export function appPage(launch: Session): string | null {
  const shell = builtPage('index.html', [LAUNCH_CONTEXT_SLOT]);
  if (!shell) return null;
  const context = {
    view: launch.place.view,
    dealId: launch.place.view === 'deal-tab' ? launch.place.dealId : null,
    claimId: launch.place.view === 'deal-tab' ? launch.place.claimId : null,
    partnerName: launch.partnerName,
    portal: launch.portalDomain,
    user: launch.user,
    sessionExpiresAt: launch.session.expiresAt,
    agreement: launch.agreementPrompt && {
      version: launch.agreementPrompt.agreement.version,
      text: launch.agreementPrompt.agreement.text,
      ticket: launch.agreementPrompt.ticket,
    },
  };
  const meta =
    `<meta name="partner-session" content="${escapeHtml(launch.session.token)}" data-expires-at="${escapeHtml(launch.session.expiresAt)}">\n` +
    `<meta name="launch-context" content="${escapeHtml(JSON.stringify(context))}">`;
  return shell.replace(LAUNCH_CONTEXT_SLOT, () => meta);
}

export interface NoticePage {
  status: number;
  html: string;
}

/** A launch that opens no list still gets a page saying, in Russian, what to do next. */
export function noticePage(launch: Exclude<AppLaunch, Session> | { kind: 'not-built' }): NoticePage {
  switch (launch.kind) {
    case 'no-partner':
      return notice(200, 'Портал не подключён к программе', [
        `Портал ${launch.portalDomain} не привязан ни к одному партнёру программы «Заявки на внедрение Битрикс24».`,
        'Если ваша компания — партнёр Битрикс24, попросите менеджера программы указать этот портал в карточке партнёра, затем откройте приложение снова.',
      ]);
    case 'not-built':
      return notice(503, 'Страница приложения не собрана', ['Администратор сервиса должен выполнить npm run build и перезапустить сервис.']);
    case 'refused':
      if (launch.reason === 'suspended') {
        return notice(403, 'Приложение приостановлено', [
          'Битрикс24 перестал принимать доступ приложения на этом портале, поэтому заявки и сделки сейчас не передаются.',
          'Администратор портала должен переустановить приложение «Заявки на внедрение Битрикс24» в разделе «Приложения». Сделки по уже взятым заявкам появятся после установки.',
        ]);
      }
      if (launch.reason === 'uninstalled') {
        return notice(403, 'Приложение удалено с портала', [
          'Приложение «Заявки на внедрение Битрикс24» удалено с этого портала.',
          'Чтобы снова получать заявки, администратор портала должен установить его заново.',
        ]);
      }
      return notice(401, 'Не удалось проверить запуск', [
        'Битрикс24 не подтвердил этот запуск приложения: возможно, страница открыта не из портала или ссылка устарела.',
        'Закройте страницу и откройте приложение заново из меню портала. Если ошибка повторяется, переустановите приложение.',
      ]);
  }
}

function notice(status: number, title: string, paragraphs: string[]): NoticePage {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  return {
    status,
    html: `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><title>${escapeHtml(title)} — Заявки на внедрение Битрикс24</title>
${PAGE_STYLE}
</head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}</main></body>
</html>`,
  };
}
