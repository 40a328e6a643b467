import type { IncomingMessage } from 'node:http';

export declare const CLIENT_ADDRESS_HEADER: 'x-relais-client-ip';
export declare function trustedProxyCount(value: string | number | undefined | null): number;
export declare function normaliseAddress(raw: unknown): string | null;
export declare function clientAddress(input: {
  socketAddress: string | undefined | null;
  forwardedFor: string | string[] | undefined | null;
  trustedProxies: number;
}): string | null;
export declare function stampClientAddress(req: IncomingMessage, trustedProxies: number): string | null;
export declare function markStamped(): void;
export declare function isStamped(): boolean;
