import { createSerwistRoute } from '@serwist/turbopack';

/**
 * The service worker (lib/offline/service-worker.ts, decision 0033), bundled by esbuild when the
 * site is built and served as a static file: /serwist/sw.js. It holds no one's data, so it is
 * answered to anyone (it does nothing for a visitor who is not signed in: only the signed-in
 * layout registers it). The precache list is the build's static folder, whichever NEXT_DIST_DIR.
 */
const route = createSerwistRoute({
  swSrc: 'lib/offline/service-worker.ts',
  useNativeEsbuild: true,
  // The build's own folder (NEXT_DIST_DIR, as next.config.js): scripts, styles, icons and fonts.
  globPatterns: [`${process.env.NEXT_DIST_DIR || '.next'}/static/**/*.{js,css,svg,png,ico,woff2}`],
  esbuildOptions: { minify: true },
});

export const { dynamic, dynamicParams, revalidate, generateStaticParams } = route;
export const GET = route.GET;
