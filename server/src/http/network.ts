// The network a client address belongs to, for everything keyed by address: IP bans, the join
// and passcode throttles, the cap on websocket connections. An IPv4 address is its own network.
// An IPv6 host gets a whole /64 from its provider and picks new addresses in it at will (privacy
// extensions, or a script walking the range), so per-address limits and bans group by /64.
import ipaddr from 'ipaddr.js';
import { hashIp } from '../calls/secrets';

/** IPv6 addresses sharing these leading bits are one network (RFC 6177: a /64 per subnet). */
export const IPV6_NETWORK_BITS = 64;

/**
 * A stable key for the address's network: the IPv4 address itself (IPv4-mapped IPv6 included),
 * or `<first 64 bits>::/64`. Anything unparseable is kept as it is (it still keys something).
 */
export function networkOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address); // unwraps ::ffff:a.b.c.d to IPv4
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, IPV6_NETWORK_BITS / 16);
  return `${parts.map((p) => p.toString(16)).join(':')}::/${IPV6_NETWORK_BITS}`;
}

/** The keyed hash kept for bans: of the network, so a new address in the same /64 is the same network. */
export const hashNetwork = (address: string, key: string) => hashIp(networkOf(address), key);
