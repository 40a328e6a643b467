import type { MetadataRoute } from 'next';

/**
 * The web app manifest (decision 0033): Relais can be installed and opened like an app, and its
 * offline check-list then works without a line. The icon is the site's own (app/icon.svg): the
 * browser fetches nothing from elsewhere.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Relais',
    short_name: 'Relais',
    description: 'Relais',
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b4f8a',
    icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  };
}
