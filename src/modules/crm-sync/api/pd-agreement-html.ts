import { ShownAgreement } from '../application/agreement-to-show';

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// Used until an operator publishes the agreement's text (POST /api/v1/compliance/pd-agreements).
const BUILT_IN_TEXT = `Приложение передаёт вашей компании контактные данные клиентов, оставивших заявки на внедрение Битрикс24.
Принимая соглашение, вы обязуетесь обрабатывать эти данные только для исполнения заявки,
не передавать их третьим лицам и удалить их по требованию.`;

/** The agreement's heading, version and text (published text keeps its line breaks). */
export function agreementSection(agreement: ShownAgreement): string {
  return `<h1>Соглашение об обработке персональных данных</h1>
<p>Версия соглашения: <b>${escapeHtml(agreement.version)}</b>.</p>
<div class="agreement">${escapeHtml(agreement.text ?? BUILT_IN_TEXT)}</div>`;
}

export const PAGE_STYLE = `<style>body{font:14px/1.5 "Helvetica Neue",Arial,sans-serif;margin:24px;color:#333}.agreement{white-space:pre-wrap;max-width:60em}button{margin-top:16px;background:#3bc8f5;border:0;border-radius:2px;padding:10px 20px;font-weight:bold;cursor:pointer}#install-status{color:#d00}</style>`;
