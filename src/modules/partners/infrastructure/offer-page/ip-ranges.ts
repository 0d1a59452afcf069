import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which addresses an audit may connect to. Pure: no DNS, no sockets.
 *
 * Only globally routable unicast is "public". Everything else — private, loopback, link-local, CGNAT,
 * cloud metadata, multicast, broadcast, documentation, benchmarking, reserved, unspecified — is refused,
 * and IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, SIIT ::ffff:0:a.b.c.d,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they carry.
 */
export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'unique-local'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'invalid';

export interface AddressClassification {
  /** The address as given (brackets and an IPv6 zone stripped). */
  address: string;
  kind: AddressKind;
  /** Set when an IPv6 address was judged by the IPv4 address inside it. */
  embeddedIpv4?: { via: 'ipv4-mapped' | 'ipv4-translated' | 'nat64' | '6to4'; address: string };
}

/** The kinds `allowPrivateNetworks` (AUDIT_ALLOW_PRIVATE_NETWORKS, tests only) lets through; metadata never. */
export const PRIVATE_NETWORK_KINDS: ReadonlySet<AddressKind> = new Set<AddressKind>([
  'loopback', 'private', 'unique-local', 'link-local', 'cgnat',
]);

export interface AddressPolicy {
  allowPrivateNetworks: boolean;
}

export function isAddressAllowed(address: string, policy: AddressPolicy): boolean {
  return isKindAllowed(classifyAddress(address).kind, policy);
}

export function isKindAllowed(kind: AddressKind, policy: AddressPolicy): boolean {
  return kind === 'public' || (policy.allowPrivateNetworks && PRIVATE_NETWORK_KINDS.has(kind));
}

type V4Range = readonly [network: number, prefix: number, kind: AddressKind];
type V6Range = readonly [network: bigint, prefix: number, kind: AddressKind];

/** Most specific first: the first range that contains the address decides. */
const V4_RANGES: readonly V4Range[] = [
  v4('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack, DigitalOcean …
  v4('169.254.170.2/32', 'metadata'), // AWS ECS task metadata
  v4('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  v4('168.63.129.16/32', 'metadata'), // Azure WireServer
  v4('0.0.0.0/8', 'unspecified'), // "this network"; 0.0.0.0 reaches the local host on Linux
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'cgnat'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  v4('192.0.2.0/24', 'documentation'), // TEST-NET-1
  v4('192.88.99.0/24', 'reserved'), // former 6to4 relay anycast
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'), // TEST-NET-2
  v4('203.0.113.0/24', 'documentation'), // TEST-NET-3
  v4('224.0.0.0/4', 'multicast'),
  v4('255.255.255.255/32', 'broadcast'),
  v4('240.0.0.0/4', 'reserved'),
];

const V6_RANGES: readonly V6Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('::/96', 'reserved'), // deprecated IPv4-compatible addresses
  v6('fd00:ec2::254/128', 'metadata'), // AWS IMDS over IPv6
  v6('64:ff9b:1::/48', 'private'), // local-use NAT64 (RFC 8215)
  v6('100::/64', 'reserved'), // discard-only
  v6('2001:2::/48', 'benchmarking'),
  v6('2001::/23', 'reserved'), // IETF protocol assignments, Teredo 2001::/32 included (its endpoints are hidden)
  v6('2001:db8::/32', 'documentation'),
  v6('3fff::/20', 'documentation'),
  v6('fc00::/7', 'unique-local'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'reserved'), // deprecated site-local
  v6('ff00::/8', 'multicast'),
];

const GLOBAL_UNICAST_V6 = v6('2000::/3', 'public');

/** IPv6 prefixes whose low 32 bits (or, for 6to4, bits 16..48) are an IPv4 address. */
const V4_IN_V6: readonly { range: V6Range; via: NonNullable<AddressClassification['embeddedIpv4']>['via'] }[] = [
  { range: v6('::ffff:0:0/96', 'reserved'), via: 'ipv4-mapped' },
  { range: v6('::ffff:0:0:0/96', 'reserved'), via: 'ipv4-translated' },
  { range: v6('64:ff9b::/96', 'reserved'), via: 'nat64' },
];
const SIX_TO_FOUR = v6('2002::/16', 'reserved');

export function classifyAddress(input: string): AddressClassification {
  const address = bareAddress(input);
  if (isIPv4(address)) return { address, kind: classifyV4(parseIpv4(address)) };
  if (!isIPv6(address)) return { address, kind: 'invalid' };
  const value = parseIpv6(address);
  if (value === null) return { address, kind: 'invalid' };

  for (const { range, via } of V4_IN_V6) {
    if (inV6(value, range)) {
      const embedded = Number(value & 0xffffffffn);
      return { address, kind: classifyV4(embedded), embeddedIpv4: { via, address: formatIpv4(embedded) } };
    }
  }
  if (inV6(value, SIX_TO_FOUR)) {
    const embedded = Number((value >> 80n) & 0xffffffffn);
    const kind = classifyV4(embedded);
    return { address, kind, embeddedIpv4: { via: '6to4', address: formatIpv4(embedded) } };
  }
  for (const range of V6_RANGES) if (inV6(value, range)) return { address, kind: range[2] };
  // Outside 2000::/3 nothing is allocated for global unicast.
  return { address, kind: inV6(value, GLOBAL_UNICAST_V6) ? 'public' : 'reserved' };
}

/** `[::1]` → `::1`, `fe80::1%eth0` → `fe80::1`. */
export function bareAddress(input: string): string {
  let s = input.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0 && s.includes(':')) s = s.slice(0, zone);
  return s.toLowerCase();
}

function classifyV4(value: number): AddressKind {
  for (const [network, prefix, kind] of V4_RANGES) {
    if (prefix === 0 || (value >>> (32 - prefix)) === (network >>> (32 - prefix))) return kind;
  }
  return 'public';
}

/** Dotted quad only (what WHATWG URL and DNS produce); anything else is not an IPv4 address here. */
export function parseIpv4(address: string): number {
  const parts = address.split('.').map((p) => Number(p));
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** An IPv6 address (already validated by `isIPv6`) as a 128-bit number. */
export function parseIpv6(address: string): bigint | null {
  let text = address;
  // A trailing dotted quad becomes two hextets.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return null;
    const v = parseIpv4(tail);
    text = `${text.slice(0, lastColon + 1)}${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

function inV6(value: bigint, [network, prefix]: V6Range): boolean {
  const shift = BigInt(128 - prefix);
  return value >> shift === network >> shift;
}

function v4(cidr: string, kind: AddressKind): V4Range {
  const [ip, prefix] = cidr.split('/');
  return [parseIpv4(ip), Number(prefix), kind];
}

function v6(cidr: string, kind: AddressKind): V6Range {
  const [ip, prefix] = cidr.split('/');
  const value = parseIpv6(ip);
  if (value === null) throw new Error(`bad range ${cidr}`);
  return [value, Number(prefix), kind];
}
