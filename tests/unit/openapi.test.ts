import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

/** The OpenAPI description parses and documents every route handler under app/api/v1. */
describe('docs/openapi.yaml', () => {
  it('describes every /api/v1 route', () => {
    const doc = yaml.load(fs.readFileSync(path.resolve(__dirname, '../../docs/openapi.yaml'), 'utf8')) as {
      paths: Record<string, unknown>;
    };
    const root = path.resolve(__dirname, '../../app/api/v1');
    const routes: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === 'route.ts')
          routes.push(
            '/' +
              path
                .relative(root, dir)
                .split(path.sep)
                .join('/')
                .replace(/\[(\w+)\]/g, '{$1}'),
          );
      }
    };
    walk(root);
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) expect(Object.keys(doc.paths), route).toContain(route);
  });
});
