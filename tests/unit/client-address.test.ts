import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress, normaliseAddress, trustedProxyCount } from '@/lib/runtime/client-address.mjs';
import { clientIpFrom } from '@/lib/server/auth/client-ip';

/**
 * The client address of the audit trail and of the per-address sign-in limit: the socket's,
 * and `X-Forwarded-For` only as far as trusted reverse proxies vouch for it. A client that
 * writes its own `X-Forwarded-For` or `x-relais-client-ip` must not choose its address.
 */

describe('the address rule', () => {
  it('with no trusted proxy (the default), takes the socket address and ignores X-Forwarded-For', () => {
    expect(clientAddress({ socketAddress: '203.0.113.7', forwardedFor: '198.51.100.1', trustedProxies: 0 })).toBe(
      '203.0.113.7',
    );
    expect(
      clientAddress({ socketAddress: '203.0.113.7', forwardedFor: '198.51.100.1, 198.51.100.2', trustedProxies: 0 }),
    ).toBe('203.0.113.7');
    expect(clientAddress({ socketAddress: '::1', forwardedFor: undefined, trustedProxies: 0 })).toBe('::1');
  });

  it('writes an IPv4 address that reached a dual-stack socket without its ::ffff: prefix', () => {
    expect(clientAddress({ socketAddress: '::ffff:127.0.0.1', forwardedFor: null, trustedProxies: 0 })).toBe(
      '127.0.0.1',
    );
    expect(clientAddress({ socketAddress: '::FFFF:192.0.2.4', forwardedFor: null, trustedProxies: 0 })).toBe(
      '192.0.2.4',
    );
    expect(normaliseAddress('2001:DB8::1')).toBe('2001:db8::1');
    expect(normaliseAddress('::ffff:1:2')).toBe('::ffff:1:2');
  });

  it('with one trusted proxy, takes the entry that proxy appended (the last one), whatever the client wrote before it', () => {
    const socketAddress = '10.0.0.2'; // the proxy
    expect(clientAddress({ socketAddress, forwardedFor: '198.51.100.9', trustedProxies: 1 })).toBe('198.51.100.9');
    expect(clientAddress({ socketAddress, forwardedFor: '1.2.3.4, 5.6.7.8, 198.51.100.9', trustedProxies: 1 })).toBe(
      '198.51.100.9',
    );
    // Two X-Forwarded-For headers reach the application joined by a comma.
    expect(clientAddress({ socketAddress, forwardedFor: ['1.2.3.4', '198.51.100.9'], trustedProxies: 1 })).toBe(
      '198.51.100.9',
    );
  });

  it('with N trusted proxies, takes the N-th entry from the right', () => {
    const forwardedFor = '6.6.6.6, 198.51.100.9, 10.0.0.1';
    expect(clientAddress({ socketAddress: '10.0.0.2', forwardedFor, trustedProxies: 2 })).toBe('198.51.100.9');
    expect(
      clientAddress({ socketAddress: '10.0.0.3', forwardedFor: `${forwardedFor}, 10.0.0.2`, trustedProxies: 3 }),
    ).toBe('198.51.100.9');
    // Fewer entries than proxies: the request met fewer proxies, the first of them wrote the first entry.
    expect(clientAddress({ socketAddress: '10.0.0.2', forwardedFor: '198.51.100.9', trustedProxies: 2 })).toBe(
      '198.51.100.9',
    );
  });

  it('behind proxies, falls back to the socket when the trusted entry is missing or not an address', () => {
    expect(clientAddress({ socketAddress: '10.0.0.2', forwardedFor: undefined, trustedProxies: 1 })).toBe('10.0.0.2');
    expect(clientAddress({ socketAddress: '10.0.0.2', forwardedFor: ' , ', trustedProxies: 1 })).toBe('10.0.0.2');
    expect(clientAddress({ socketAddress: '10.0.0.2', forwardedFor: '198.51.100.9, unknown', trustedProxies: 1 })).toBe(
      '10.0.0.2',
    );
    expect(
      clientAddress({ socketAddress: '10.0.0.2', forwardedFor: '198.51.100.9, <script>', trustedProxies: 1 }),
    ).toBe('10.0.0.2');
  });

  it('drops a port or brackets that some proxies write', () => {
    expect(clientAddress({ socketAddress: '10.0.0.2', forwardedFor: '198.51.100.9:51234', trustedProxies: 1 })).toBe(
      '198.51.100.9',
    );
    expect(clientAddress({ socketAddress: '10.0.0.2', forwardedFor: '[2001:db8::7]:443', trustedProxies: 1 })).toBe(
      '2001:db8::7',
    );
  });

  it('no socket address and nothing trusted: no address', () => {
    expect(clientAddress({ socketAddress: undefined, forwardedFor: '198.51.100.9', trustedProxies: 0 })).toBeNull();
  });

  it('reads RELAIS_TRUSTED_PROXIES as a small whole number and refuses anything else', () => {
    expect(trustedProxyCount(undefined)).toBe(0);
    expect(trustedProxyCount('')).toBe(0);
    expect(trustedProxyCount('0')).toBe(0);
    expect(trustedProxyCount(' 2 ')).toBe(2);
    for (const bad of ['-1', '1.5', 'one', 'true', '11', '1e1'])
      expect(() => trustedProxyCount(bad), bad).toThrow(/RELAIS_TRUSTED_PROXIES/);
  });
});

describe('clientIpFrom (what the application reads)', () => {
  const stamped = Symbol.for('relais.client-address-stamped');
  const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[stamped];
  });

  it('reads the header the server set, never X-Forwarded-For', () => {
    (globalThis as Record<symbol, unknown>)[stamped] = true;
    expect(clientIpFrom(headers({ 'x-relais-client-ip': '127.0.0.1', 'x-forwarded-for': '6.6.6.6' }))).toBe(
      '127.0.0.1',
    );
    expect(clientIpFrom(headers({ 'x-forwarded-for': '6.6.6.6' }))).toBeNull();
  });

  it('believes nothing in a process whose server does not set the header (next dev)', () => {
    expect(clientIpFrom(headers({ 'x-relais-client-ip': '6.6.6.6' }))).toBeNull();
  });
});

/**
 * The preload itself, in a Node process of its own (as serve.mjs starts each worker): a plain
 * node:http server answers with the headers its request listener received.
 */
describe('the worker preload', () => {
  const preload = pathToFileURL(path.resolve(__dirname, '../../lib/runtime/client-address-preload.mjs')).href;
  const servers: ChildProcess[] = [];

  async function startServer(env: Record<string, string>): Promise<number> {
    const code = `
      const http = require('node:http');
      const server = http.createServer((req, res) => {
        const raw = [];
        for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'x-relais-client-ip') raw.push(req.rawHeaders[i + 1]);
        res.end(JSON.stringify({ header: req.headers['x-relais-client-ip'] ?? null, raw }));
      });
      server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
    const child = spawn(process.execPath, ['--import', preload, '-e', code], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    servers.push(child);
    return new Promise((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      child.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
      child.once('exit', (status) => reject(new Error(`server ended (${status}): ${err}`)));
    });
  }

  /** A raw HTTP/1.1 request, so that the test chooses every header line, duplicates included. */
  function get(port: number, headerLines: string[]): Promise<{ header: string | null; raw: string[] }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(['GET / HTTP/1.1', 'Host: localhost', 'Connection: close', ...headerLines, '', ''].join('\r\n'));
      });
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('error', reject);
      socket.on('end', () => resolve(JSON.parse(data.slice(data.indexOf('\r\n\r\n') + 4))));
    });
  }

  let direct: number;
  let behindProxy: number;
  beforeAll(async () => {
    [direct, behindProxy] = await Promise.all([
      startServer({ RELAIS_TRUSTED_PROXIES: '' }),
      startServer({ RELAIS_TRUSTED_PROXIES: '1' }),
    ]);
  });
  afterAll(() => {
    for (const s of servers) s.kill();
  });

  it('replaces a client-sent x-relais-client-ip, in every spelling, by the socket address', async () => {
    const answer = await get(direct, [
      'X-Relais-Client-IP: 6.6.6.6',
      'x-relais-client-ip: 7.7.7.7',
      'X-Forwarded-For: 8.8.8.8',
    ]);
    expect(answer).toEqual({ header: '127.0.0.1', raw: ['127.0.0.1'] });
  });

  it('sets it on a request that sent none', async () => {
    expect(await get(direct, [])).toEqual({ header: '127.0.0.1', raw: ['127.0.0.1'] });
  });

  it('behind one trusted proxy, takes the entry the proxy appended to X-Forwarded-For', async () => {
    const answer = await get(behindProxy, [
      'X-Forwarded-For: 6.6.6.6',
      'X-Forwarded-For: 198.51.100.9',
      'X-Relais-Client-IP: 7.7.7.7',
    ]);
    expect(answer).toEqual({ header: '198.51.100.9', raw: ['198.51.100.9'] });
  });

  it('stops the worker at start on a mistyped RELAIS_TRUSTED_PROXIES', async () => {
    await expect(startServer({ RELAIS_TRUSTED_PROXIES: 'yes' })).rejects.toThrow(/RELAIS_TRUSTED_PROXIES must be/);
  });
});
