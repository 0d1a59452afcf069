/** What the app page carries from its launch: the partner session and the launch context meta tags. */
export function sessionOf(html: string): string | null {
  return /<meta name="partner-session" content="([^"]+)"/.exec(html)?.[1] ?? null;
}

export interface LaunchContext {
  view: 'list' | 'deal-tab';
  dealId: string | null;
  claimId: string | null;
  partnerName: string;
  portal: string;
  user: { id: string; name: string | null };
  sessionExpiresAt: string;
  agreement: { version: string; text: string | null; ticket: string | null } | null;
}

export function launchContextOf(html: string): LaunchContext {
  const raw = /<meta name="launch-context" content="([^"]*)">/.exec(html)?.[1];
  if (raw === undefined) throw new Error('no launch context in the page');
  const text = raw.replace(/&(quot|#39|lt|gt|amp);/g, (_, e: string) => ({ quot: '"', '#39': "'", lt: '<', gt: '>', amp: '&' })[e]!);
  return JSON.parse(text) as LaunchContext;
}
