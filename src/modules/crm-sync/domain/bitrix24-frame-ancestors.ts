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

const onCloud = (domain: string) => CLOUD_ZONES.some((zone) => domain.toLowerCase().endsWith(`.${zone}`));

/**
 * The `frame-ancestors` sources for our pages: the installed portals' origins and the cloud zones.
 * Cloud portals are already matched by their zone's wildcard, so only box portals on their own
 * domains are listed one by one; that keeps the header short however many portals install the app.
 */
export function bitrix24FrameAncestors(installedDomains: string[], allowInsecure: boolean): string[] {
  const portals = installedDomains
    .filter((domain) => HOST.test(domain) && !onCloud(domain))
    .flatMap((domain) => (allowInsecure ? [`https://${domain}`, `http://${domain}`] : [`https://${domain}`]));
  return [...new Set(portals)].sort().concat(BITRIX24_CLOUD_ORIGINS);
}
