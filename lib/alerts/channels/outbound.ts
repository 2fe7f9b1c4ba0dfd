import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

// Outbound HTTP for webhooks. A workspace admin chooses the URL, so unless private networks are allowed
// (WEBHOOK_ALLOW_PRIVATE_NETWORKS) a POST may only reach public addresses: otherwise a webhook could probe or
// write to the services beside us (Redis, PostgreSQL, cloud metadata). The check sits in the connection's own
// DNS lookup, so the address checked is the address connected to (no second lookup a rebinding DNS could answer
// differently). Redirects are not followed.

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv6');

/** Whether an IP address is loopback, private, link-local, shared, multicast or otherwise not on the internet. */
export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = net.isIP(ip);
  if (family === 0) return true;
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(host: string, address: string) {
    super(
      host === address
        ? `${host} is a private address; webhooks may only reach public ones`
        : `${host} resolves to ${address}, a private address; webhooks may only reach public ones`,
    );
  }
}

const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new PrivateAddressError(hostname, bad.address), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

export type PostResult = { status: number; text: string };

/**
 * POSTs `body` and reads up to `maxChars` of the answer. Rejects on network failures, on a timeout (an error named
 * TimeoutError) and, unless `allowPrivate`, on a private destination (PrivateAddressError).
 */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; maxChars: number; allowPrivate: boolean },
): Promise<PostResult> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  // A literal address never goes through the lookup.
  if (!opts.allowPrivate && net.isIP(host) && isPrivateAddress(host))
    return Promise.reject(new PrivateAddressError(host, host));
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: opts.allowPrivate ? undefined : publicOnlyLookup,
        timeout: opts.timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < opts.maxChars) text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: text.slice(0, opts.maxChars) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => {
      const err = new Error(`no answer within ${opts.timeoutMs / 1000} s`);
      err.name = 'TimeoutError';
      req.destroy(err);
    });
    req.on('error', reject);
    req.end(body);
  });
}
