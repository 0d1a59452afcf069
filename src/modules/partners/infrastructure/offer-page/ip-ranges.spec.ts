import { classifyAddress, isAddressAllowed } from './ip-ranges';

const strict = { allowPrivateNetworks: false };
const tests = { allowPrivateNetworks: true };

describe('ip-ranges: which addresses an audit may reach', () => {
  const table: [address: string, kind: string][] = [
    // IPv4 public
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['1.1.1.1', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['198.17.255.255', 'public'],
    ['198.20.0.0', 'public'],
    ['223.255.255.255', 'public'],
    // IPv4 refused
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['192.168.255.255', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['254.255.255.255', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['192.0.0.1', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['192.88.99.1', 'reserved'],
    // IPv6 public
    ['2001:4860:4860::8888', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4010:c05::65', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['::ffff:808:808', 'public'],
    ['64:ff9b::808:808', 'public'],
    ['2002:808:808::1', 'public'],
    // IPv6 refused
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b:1::1', 'private'],
    ['2002:a00:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2001::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['2001:2::1', 'benchmarking'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['::10.0.0.1', 'reserved'],
    ['100::1', 'reserved'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'reserved'],
    ['ff02::1', 'multicast'],
    ['ff05::2', 'multicast'],
    ['4000::1', 'reserved'],
    ['1000::1', 'reserved'],
    // not addresses
    ['localhost', 'invalid'],
    ['2130706433', 'invalid'],
    ['0x7f.0.0.1', 'invalid'],
    ['127.1', 'invalid'],
    ['', 'invalid'],
  ];

  it.each(table)('%s is %s', (address, kind) => {
    expect(classifyAddress(address).kind).toBe(kind);
    expect(isAddressAllowed(address, strict)).toBe(kind === 'public');
  });

  it('says which IPv4 address an IPv6 form carried', () => {
    expect(classifyAddress('::ffff:10.0.0.1').embeddedIpv4).toEqual({ via: 'ipv4-mapped', address: '10.0.0.1' });
    expect(classifyAddress('64:ff9b::a00:1').embeddedIpv4).toEqual({ via: 'nat64', address: '10.0.0.1' });
    expect(classifyAddress('2002:a00:1::1').embeddedIpv4).toEqual({ via: '6to4', address: '10.0.0.1' });
  });

  it.each(['127.0.0.1', '::1', '10.0.0.5', '172.20.1.1', '192.168.1.1', 'fd00::1', 'fe80::1', '169.254.1.1', '100.64.0.1', '::ffff:127.0.0.1'])(
    'allowPrivateNetworks lets %s through (tests only)',
    (address) => {
      expect(isAddressAllowed(address, strict)).toBe(false);
      expect(isAddressAllowed(address, tests)).toBe(true);
    },
  );

  it.each(['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254', '0.0.0.0', '::', '224.0.0.1', 'ff02::1', '255.255.255.255', '240.0.0.1', '192.0.2.1', 'junk'])(
    'allowPrivateNetworks still refuses %s',
    (address) => {
      expect(isAddressAllowed(address, tests)).toBe(false);
    },
  );
});
