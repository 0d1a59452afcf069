const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page Bitrix24 shows while installing: the personal-data agreement, and installFinish only
 * after the administrator accepted it and the acceptance was recorded.
 */
export function installPage(ticket: string, agreementVersion: string): string {
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Заявки на внедрение Битрикс24 — установка</title>
<script src="https://api.bitrix24.com/api/v1/"></script>
<style>body{font:14px/1.5 "Helvetica Neue",Arial,sans-serif;margin:24px;color:#333}button{background:#3bc8f5;border:0;border-radius:2px;padding:10px 20px;font-weight:bold;cursor:pointer}#error{color:#d00}</style>
</head>
<body>
<h1>Соглашение об обработке персональных данных</h1>
<p>Версия соглашения: <b>${escapeHtml(agreementVersion)}</b>.</p>
<p>Приложение передаёт вашей компании контактные данные клиентов, оставивших заявки на внедрение Битрикс24.
Принимая соглашение, вы обязуетесь обрабатывать эти данные только для исполнения заявки,
не передавать их третьим лицам и удалить их по требованию.</p>
<button id="accept" type="button">Принять и завершить установку</button>
<p id="error" role="alert"></p>
<script>
document.getElementById('accept').addEventListener('click', function () {
  fetch('/b24/install/accept', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ticket: ${JSON.stringify(ticket).replace(/</g, '\\u003c')} }) })
    .then(function (r) { if (!r.ok) throw new Error(r.status); BX24.installFinish(); })
    .catch(function () { document.getElementById('error').textContent = 'Не удалось сохранить согласие. Попробуйте ещё раз.'; });
});
</script>
</body>
</html>`;
}
