/**
 * The install page's only script: it records the administrator's acceptance of the agreement
 * (the ticket the server put in the page), and only then tells Bitrix24 the installation is
 * finished, through the official SDK's frame protocol (no library from a CDN).
 */
const button = document.querySelector<HTMLButtonElement>('#accept');
const statusLine = document.querySelector<HTMLElement>('#install-status');

const say = (text: string) => {
  if (statusLine) statusLine.textContent = text;
};

async function finishInBitrix24(): Promise<boolean> {
  if (!window.name.includes('|') || window.parent === window) return false;
  const { initializeB24Frame } = await import('@bitrix24/b24jssdk');
  const b24 = await initializeB24Frame();
  await b24.installFinish();
  return true;
}

async function accept(): Promise<void> {
  if (!button) return;
  button.disabled = true;
  say('');
  try {
    const answer = await fetch('/b24/install/accept', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ticket: document.querySelector<HTMLMetaElement>('meta[name="install-ticket"]')?.content ?? '' }),
    });
    if (!answer.ok) throw new Error(String(answer.status));
  } catch {
    button.disabled = false;
    say('Не удалось сохранить согласие. Попробуйте ещё раз.');
    return;
  }
  try {
    say((await finishInBitrix24()) ? 'Установка завершается…' : 'Согласие сохранено. Завершите установку в Битрикс24.');
  } catch {
    say('Согласие сохранено, но Битрикс24 не ответил. Откройте приложение ещё раз, чтобы завершить установку.');
  }
}

button?.addEventListener('click', () => void accept());
// The button is disabled in the page until this script has wired it: an early click is never lost.
if (button) button.disabled = false;
