const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})+$`);
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * The one way a Bitrix24 portal is named in this service: its host name in lower case, with the
 * port when it is not the default (a box portal may live at `crm.example.ru:8443`). Accepts what
 * people paste (`https://Crm.Example.ru:8443/crm/`, a trailing dot); null when it names no host.
 */
export function portalAddress(value: string): string | null {
  const text = value.trim().toLowerCase();
  if (!text || /\s/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const host = url.hostname.replace(/\.$/, '');
  if (!HOST.test(host)) return null;
  const port = url.port && url.port !== DEFAULT_PORTS[url.protocol] ? `:${url.port}` : '';
  return `${host}${port}`;
}
