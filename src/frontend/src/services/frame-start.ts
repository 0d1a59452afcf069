/** Starts the Bitrix24 frame once the first screen has rendered, so the list never waits for the SDK. */
import { nextTick } from 'vue';
import { startFrame } from './b24frame';

let scheduled = false;

export function startFrameAfterRender(root?: HTMLElement | null): void {
  if (scheduled) return;
  scheduled = true;
  void nextTick(() => {
    const run = () => void startFrame(root ?? document.getElementById('app-root'));
    if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 500 });
    else setTimeout(run, 0);
  });
}
