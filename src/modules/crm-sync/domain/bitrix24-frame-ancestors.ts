/**
 * Bitrix24's cloud zones: a cloud portal lives at <name>.bitrix24.<zone>, always over https.
 * Wildcards match subdomains only, never the bare zone.
 */
const CLOUD_ZONES = [
  'bitrix24.ru', 'bitrix24.com', 'bitrix24.by', 'bitrix24.kz', 'bitrix24.ua', 'bitrix24.de', 'bitrix24.eu',
  'bitrix24.es', 'bitrix24.fr', 'bitrix24.it', 'bitrix24.pl', 'bitrix24.uk', 'bitrix24.com.br', 'bitrix24.com.tr',
  'bitrix24.in', 'bitrix24.cn', 'bitrix24.jp',
];

export const BITRIX24_CLOUD_ORIGINS = CLOUD_ZONES.map((zone) => `https://*.${zone}`);

/** A host name with an optional port: anything else could break out of the CSP header. */
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

const onCloud = (host: string) => CLOUD_ZONES.some((zone) => host.toLowerCase().endsWith(`.${zone}`));

export interface InstalledPortal {
  domain: string;
  clientEndpoint: string;
}

/**
 * The `frame-ancestors` sources for our pages: the installed portals' origins and the cloud zones.
 * Cloud portals are already matched by their zone's wildcard, so only box portals on their own
 * domains are listed one by one; that keeps the header short however many portals install the app.
 * With insecure portals allowed (local development), a portal's pages may also be served where
 * its REST endpoint is, on plain http (as the local Bitrix24 double serves them).
 */
export function bitrix24FrameAncestors(installed: InstalledPortal[], allowInsecure: boolean): string[] {
  const portals = installed.flatMap(({ domain, clientEndpoint }) => {
    const byDomain = HOST.test(domain) && !onCloud(domain) ? [`https://${domain}`, ...(allowInsecure ? [`http://${domain}`] : [])] : [];
    const site = URL.canParse(clientEndpoint) ? new URL(clientEndpoint) : null;
    const bySite = allowInsecure && site?.protocol === 'http:' ? [site.origin] : [];
    return [...byDomain, ...bySite];
  });
  return [...new Set(portals)].sort().concat(BITRIX24_CLOUD_ORIGINS);
}
