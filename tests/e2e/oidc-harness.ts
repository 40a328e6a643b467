import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';

/**
 * A real OpenID provider (oidc-provider) for the single sign-on tests, started in the Playwright
 * worker. It has no login screen of its own: the test says who the next person to "log in" is,
 * with the claims their ID token carries (e-mail, email_verified) and the `acr`/`amr` of their
 * login, and the provider completes the interaction as if that person had authenticated. Consent
 * is granted implicitly. PKCE is required of the client, as of every client of a careful provider.
 */
export interface IdpLogin {
  accountId: string;
  claims: Record<string, unknown>;
  acr?: string;
  amr?: string[];
}

export interface Idp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  setNextLogin(login: IdpLogin): void;
  close(): Promise<void>;
}

/** The part of oidc-provider's Provider the harness uses (the package ships no types). */
interface OidcProvider {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;
  interactionFinished(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    result: object,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
}

export const TEST_ACR_MFA = 'urn:relais:test:mfa';
export const TEST_ACR_PASSWORD = 'urn:relais:test:pwd';

export async function startIdp({ port, redirectUri }: { port: number; redirectUri: string }): Promise<Idp> {
  // oidc-provider is an ES module (it warns that Node 20 is not a supported runtime; it works).
  const { default: Provider } = (await import('oidc-provider' as string)) as {
    default: new (issuer: string, configuration: object) => OidcProvider;
  };
  const issuer = `http://localhost:${port}`;
  const clientId = `relais-${port}`;
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const accounts = new Map<string, Record<string, unknown>>();
  let next: IdpLogin | null = null;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `k-${port}`, use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // As most providers do, the ID token always says how the person authenticated (acr, amr):
    // oidc-provider includes them only when asked, or as part of a scope.
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'] },
    // The claims asked for go into the ID token (what Relais reads), not only to the userinfo endpoint.
    conformIdTokenClaims: false,
    acrValues: [TEST_ACR_MFA, TEST_ACR_PASSWORD],
    cookies: { keys: [`cookie-key-${port}-${Date.now()}`] },
    async findAccount(_ctx: unknown, id: string) {
      return { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) };
    },
    async loadExistingGrant(ctx: {
      oidc: {
        provider: { Grant: new (o: object) => { addOIDCScope(s: string): void; save(): Promise<string> } };
        client: { clientId: string };
        session: { accountId: string };
      };
    }) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();

  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      void callback(req, res);
      return;
    }
    void (async () => {
      try {
        const login = next;
        if (!login) throw new Error('no login prepared by the test');
        next = null;
        accounts.set(login.accountId, login.claims);
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login.accountId, acr: login.acr, amr: login.amr } },
          { mergeWithLastSubmission: false },
        );
      } catch (e) {
        res.statusCode = 500;
        res.end(String(e));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Every interface (IPv6 and IPv4): "localhost" may resolve to either on the Relais side.
    server.listen(port, resolve);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    setNextLogin(login) {
      next = login;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
