// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** Security headers on every response. The CSP, which needs a per-request nonce, is set in proxy.ts. */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder can be chosen (e.g. two test runs side by side); .next by default.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` runs `tsc --noEmit` over the whole project before it builds; the build need not
  // check the same types again (RELAIS_TYPECHECKED=1 is set by that script only).
  typescript: { ignoreBuildErrors: process.env.RELAIS_TYPECHECKED === '1' },
  // better-sqlite3 and argon2 are native modules: load them from node_modules at run time.
  // esbuild bundles the service worker when its route is built (app/serwist/[path]/route.ts).
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2', 'esbuild', 'esbuild-wasm'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        // A static CSP for the static assets the proxy does not see (no HTML, no inline script there).
        source: '/_next/static/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
