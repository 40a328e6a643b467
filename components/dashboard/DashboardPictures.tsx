'use client';

import dynamic from 'next/dynamic';

/*
 * The dashboard's pictures, drawn by the browser only: the server renders the numbers (tables
 * beside each picture), the pictures cost it nothing and the page reads without scripts
 * (decision 0016).
 */
export const TrendPicture = dynamic(() => import('./DashboardCharts').then((m) => m.TrendChart), { ssr: false });
export const FlowPicture = dynamic(() => import('./DashboardCharts').then((m) => m.FlowChart), { ssr: false });
export const MapPicture = dynamic(() => import('./DashboardCharts').then((m) => m.TileMap), { ssr: false });
