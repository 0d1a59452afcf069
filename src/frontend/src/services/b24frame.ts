/**
 * The Bitrix24 frame, loaded after the list has rendered: `initializeB24Frame()` from @bitrix24/b24jssdk
 * (it reads window.name = "domain|protocol|appSid", which Bitrix24 sets on the iframe). When window.name is
 * empty, init fails or takes longer than 3 s, the page carries on without it.
 */
import { shallowRef } from 'vue';
import type { B24Frame } from '@bitrix24/b24jssdk';
import { urlPath } from '../logic/format';

export const frame = shallowRef<B24Frame | null>(null);
let started = false;
let resizeQueued = false;
let lastHeight = 0;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Starts the frame once; resolves with it or null. Never throws. */
export async function startFrame(appRoot: HTMLElement | null): Promise<B24Frame | null> {
  if (started) return frame.value;
  started = true;
  if (!window.name || !window.name.includes('|') || window.parent === window) return null;
  try {
    const { initializeB24Frame } = await import('@bitrix24/b24jssdk');
    const b24 = await withTimeout(initializeB24Frame(), 3000);
    frame.value = b24;
    if (appRoot) watchSize(appRoot);
    return b24;
  } catch {
    return null;
  }
}

/** Fits the portal's iframe to the content after each change of the app root's size. */
function watchSize(appRoot: HTMLElement): void {
  const fit = () => {
    resizeQueued = false;
    const b24 = frame.value;
    if (!b24) return;
    const height = Math.ceil(Math.max(appRoot.scrollHeight, appRoot.offsetHeight));
    if (height === lastHeight || height <= 0) return;
    lastHeight = height;
    // What ParentManager.fitWindow() sends ("resizeWindow" with width "100%"), but with the app root's height:
    // fitWindow() measures document.documentElement, which never gets shorter than the iframe, so the frame
    // could grow but not shrink back.
    b24.parent.message
      .send('resizeWindow', { width: '100%', height, isSafely: true })
      .catch(() => undefined);
  };
  const queue = () => {
    if (resizeQueued) return;
    resizeQueued = true;
    requestAnimationFrame(fit);
  };
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(queue).observe(appRoot);
  queue();
}

/**
 * Opens a portal URL (a deal) in the portal's slider when inside Bitrix24. Returns false when the
 * frame is not there, so the caller lets the link navigate (target=_blank) as usual.
 */
export function openInPortal(url: string): boolean {
  const b24 = frame.value;
  if (!b24) return false;
  const path = urlPath(url);
  if (!path) return false;
  try {
    // SliderManager.openPath(URL) posts "openPath" with the path relative to the portal.
    void b24.slider.openPath(b24.slider.getUrl(path)).catch(() => window.open(url, '_blank', 'noopener'));
    return true;
  } catch {
    return false;
  }
}
