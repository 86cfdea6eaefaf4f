import ipaddr from "ipaddr.js";

/**
 * Which network addresses the URL scraper may connect to. Production uses
 * DEFAULT_POLICY (public unicast only). Tests that serve pages from a local
 * server install an allow-list through `setScrapeTestOverrides`, which no
 * Convex function exposes: users can never switch the policy.
 */
export type AddressPolicy = {
  /** Exact addresses allowed even though they are not public (tests only). */
  allowAddresses: readonly string[];
};

export const DEFAULT_POLICY: AddressPolicy = { allowAddresses: [] };

export type ScrapeLimits = {
  maxRedirects: number;
  maxBytes: number;
  timeoutMs: number;
};

export const DEFAULT_LIMITS: ScrapeLimits = {
  maxRedirects: 5,
  maxBytes: 2 * 1024 * 1024,
  timeoutMs: 10_000,
};

export type LookupResult = { address: string; family: 4 | 6 };
/** Resolves a host name; tests replace it to simulate hostile DNS answers. */
export type Resolver = (hostname: string) => Promise<LookupResult[]>;

export type ScrapeOverrides = {
  policy?: AddressPolicy;
  limits?: Partial<ScrapeLimits>;
  resolver?: Resolver;
};

let testOverrides: ScrapeOverrides | null = null;

/** Test hook: changes the policy, limits or DNS for the next scrapes. */
export function setScrapeTestOverrides(overrides: ScrapeOverrides | null): void {
  testOverrides = overrides;
}

export function scrapeSettings(): {
  policy: AddressPolicy;
  limits: ScrapeLimits;
  resolver: Resolver | undefined;
} {
  return {
    policy: testOverrides?.policy ?? DEFAULT_POLICY,
    limits: { ...DEFAULT_LIMITS, ...testOverrides?.limits },
    resolver: testOverrides?.resolver,
  };
}

/** Strips the brackets URL hostnames put around IPv6 literals. */
export function unbracket(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(unbracket(host));
}

/**
 * True only for globally routable unicast addresses. Everything else —
 * loopback, private, link-local, unique-local, CGNAT, multicast, broadcast,
 * unspecified, documentation/benchmark/reserved ranges, NAT64 and 6to4
 * tunnels, and the deprecated IPv4-compatible `::a.b.c.d` block — is refused.
 * IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is judged as the IPv4 it carries.
 */
export function isPublicAddress(ip: string): boolean {
  const raw = unbracket(ip).split("%")[0]!;
  if (!ipaddr.isValid(raw)) return false;
  let addr: ipaddr.IPv4 | ipaddr.IPv6 = ipaddr.parse(raw);
  if (addr.kind() === "ipv6") {
    const v6 = addr as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) {
      addr = v6.toIPv4Address();
    } else if (v6.parts.slice(0, 6).every((part) => part === 0)) {
      return false;
    }
  }
  return addr.range() === "unicast";
}

/** Whether the scraper may talk to `ip` under `policy`. */
export function isAddressAllowed(ip: string, policy: AddressPolicy): boolean {
  const raw = unbracket(ip).split("%")[0]!;
  if (policy.allowAddresses.includes(raw)) return true;
  return isPublicAddress(raw);
}
