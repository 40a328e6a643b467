import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every public entry point goes through one of the wrappers (lib/http/server-action.ts,
 * lib/http/route-handler.ts), so none can forget the sign-in check, the parsing of its input or
 * the mapping of errors. Found by reading the code, so a new file is covered the day it is added.
 */
const ACTION_WRAPPERS = new Set(['formStateAction', 'formAction', 'callAction', 'signedOutAction']);
// csvImportRoute and exampleFileRoute (lib/http/csv-import.ts) are apiRoute with an import's answers.
const ROUTE_WRAPPERS = new Set(['apiRoute', 'csvImportRoute', 'exampleFileRoute']);
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const OUTSIDE_THE_WRAPPERS = new Set([
  // next-auth's own handler: sign-in itself, which has no actor yet (lib/server/auth/auth-options.ts).
  'app/api/auth/[...nextauth]/route.ts',
  // Monitoring's "ok" / "degraded", answered to anyone; details only to a platform administrator, through a verb.
  'app/healthz/route.ts',
  // The service worker's static script, built by @serwist/turbopack: no actor, no one's data (decision 0033).
  'app/serwist/[path]/route.ts',
]);

function filesUnder(dir: string, test: (name: string) => boolean, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(p, test, out);
    else if (test(entry.name)) out.push(p);
  }
  return out;
}

/** Each export of a module: its name and, for `export const x = wrapper(...)`, the wrapper's name. */
function exportsOf(file: string): { name: string; wrapper: string | null; kind: string }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { name: string; wrapper: string | null; kind: string }[] = [];
  for (const statement of source.statements) {
    const exported =
      ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isFunctionDeclaration(statement) && exported)
      found.push({ name: statement.name?.text ?? 'default', wrapper: null, kind: 'function' });
    else if (ts.isVariableStatement(statement) && exported) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer;
        const wrapper =
          init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) ? init.expression.text : null;
        found.push({ name: d.name.getText(source), wrapper, kind: 'const' });
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const e of statement.exportClause.elements)
        found.push({ name: e.name.text, wrapper: null, kind: 're-export' });
    }
  }
  return found;
}

const isUseServer = (file: string) => /^\s*['"]use server['"]/.test(fs.readFileSync(file, 'utf8'));
const rel = (file: string) => path.relative(process.cwd(), file).split(path.sep).join('/');

describe('entry points', () => {
  const sources = [
    ...filesUnder('app', (n) => /\.tsx?$/.test(n)),
    ...filesUnder('components', (n) => /\.tsx?$/.test(n)),
    ...filesUnder('lib', (n) => /\.tsx?$/.test(n)),
  ];

  it('every server action is declared in app/actions/<domain>.ts through a wrapper', () => {
    const actionFiles = sources.filter(isUseServer);
    expect(actionFiles.length).toBeGreaterThan(4);
    const stray = actionFiles.filter((f) => !rel(f).startsWith('app/actions/'));
    expect(stray, 'server actions outside app/actions/').toEqual([]);
    // An inline 'use server' inside a function would be an action no wrapper sees.
    const inline = sources.filter((f) => !isUseServer(f) && /\n\s+['"]use server['"]/.test(fs.readFileSync(f, 'utf8')));
    expect(inline.map(rel), 'inline server actions').toEqual([]);
    const actions = actionFiles.flatMap((f) => exportsOf(f).map((e) => ({ file: rel(f), ...e })));
    expect(actions.length).toBeGreaterThan(10);
    const unwrapped = actions.filter((a) => !a.wrapper || !ACTION_WRAPPERS.has(a.wrapper));
    expect(unwrapped, 'server actions without a wrapper').toEqual([]);
  });

  it('every route handler goes through the route wrapper', () => {
    const routes = filesUnder('app', (n) => n === 'route.ts').filter((f) => !OUTSIDE_THE_WRAPPERS.has(rel(f)));
    expect(routes.length).toBeGreaterThan(10);
    const handlers = routes.flatMap((f) => exportsOf(f).map((e) => ({ file: rel(f), ...e })));
    const methods = handlers.filter((h) => HTTP_METHODS.has(h.name));
    expect(methods.length).toBeGreaterThanOrEqual(routes.length);
    const unwrapped = methods.filter((h) => !h.wrapper || !ROUTE_WRAPPERS.has(h.wrapper));
    expect(unwrapped, 'route handlers without the wrapper').toEqual([]);
  });

  it('the check finds an unwrapped action and an unwrapped handler (so the tests above can fail)', () => {
    const dir = fs.mkdtempSync(path.join(process.cwd(), 'tests', '.entry-points-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.ts'),
        "'use server';\nexport async function raw() {}\nexport const ok = formAction({});\n",
      );
      fs.writeFileSync(path.join(dir, 'route.ts'), 'export async function GET() { return new Response(); }\n');
      expect(exportsOf(path.join(dir, 'a.ts')).map((e) => [e.name, e.wrapper])).toEqual([
        ['raw', null],
        ['ok', 'formAction'],
      ]);
      expect(exportsOf(path.join(dir, 'route.ts'))).toEqual([{ name: 'GET', wrapper: null, kind: 'function' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
