import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

// Webhook URLs are chosen by organisations' administrators, and the delivery log tells them how
// each attempt went: without a guard, an endpoint on 10.0.0.5:5432 would let them probe the
// hub's own network. In production the hub posts only to public addresses, checked on the
// address actually connected to (after DNS, so a name that later resolves inside is refused too).

const PRIVATE = new net.BlockList();
for (const [net4, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(net4, bits, "ipv4");
for (const [net6, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const)
  PRIVATE.addSubnet(net6, bits, "ipv6");

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], "ipv4");
  const family = net.isIP(address);
  return family === 0 ? true : PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

class PrivateAddress extends Error {
  code = "EPRIVATEADDRESS";
  constructor(host: string) {
    super(`${host} is not a public address`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "");
    const list = addresses as dns.LookupAddress[];
    if (!list.length || list.some((a) => isPrivateAddress(a.address))) return callback(new PrivateAddress(hostname), "");
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
}

export interface PostResult {
  statusCode: number | null;
  error: string | null;
}

/** POSTs `body`, following no redirect; `allowPrivate` lifts the address guard (development). */
export function guardedPost(url: string, headers: Record<string, string>, body: string, timeoutMs: number, allowPrivate: boolean): Promise<PostResult> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (!allowPrivate && net.isIP(host) && isPrivateAddress(host)) return resolve({ statusCode: null, error: new PrivateAddress(host).message });
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
        ...(allowPrivate ? {} : { lookup: guardedLookup as unknown as typeof dns.lookup }),
      },
      (res) => {
        res.resume(); // the answer's body is not read
        res.on("end", () => resolve({ statusCode: res.statusCode ?? null, error: null }));
        res.on("error", () => resolve({ statusCode: res.statusCode ?? null, error: null }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (err: NodeJS.ErrnoException) =>
      resolve({ statusCode: null, error: err instanceof PrivateAddress ? err.message : (err.code ?? err.message) }),
    );
    request.end(body);
  });
}
