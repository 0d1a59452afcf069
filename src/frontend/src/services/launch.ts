/** Reads what the server put into <head> in place of <!--launch-context-->. */
import { parseLaunchContext, parseSession } from '../logic/launch';
import type { LaunchContext, Session } from '../logic/types';

export interface Launch {
  context: LaunchContext;
  session: Session;
}

export function readLaunch(doc: Document = document): Launch | null {
  const sessionMeta = doc.querySelector<HTMLMetaElement>('meta[name="partner-session"]');
  const contextMeta = doc.querySelector<HTMLMetaElement>('meta[name="launch-context"]');
  const context = parseLaunchContext(contextMeta?.getAttribute('content'));
  const session = parseSession(
    sessionMeta?.getAttribute('content'),
    sessionMeta?.dataset.expiresAt ?? context?.sessionExpiresAt,
  );
  if (!session || !context) return null;
  return { context, session };
}
