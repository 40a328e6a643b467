/**
 * A minimal HTTP client with a cookie jar for tests that need full control over headers and
 * redirects (the access matrix): signs in through next-auth's credentials endpoint like the
 * sign-in form does, without a browser.
 */
export class HttpClient {
  private cookies = new Map<string, string>();

  constructor(readonly baseURL: string) {}

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    const response = await fetch(this.baseURL + path, { ...init, headers, redirect: 'manual' });
    this.keep(response);
    return response;
  }

  /** Signs in; returns the Set-Cookie lines of the answer (to check the session cookie's flags). */
  async signIn(email: string, password: string): Promise<{ ok: boolean; setCookies: string[]; ms: number }> {
    const csrf = await this.fetch('/api/auth/csrf');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const started = performance.now();
    const response = await this.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email,
        password,
        csrfToken,
        json: 'true',
        callbackUrl: `${this.baseURL}/`,
      }).toString(),
    });
    const ms = performance.now() - started;
    const setCookies = response.headers.getSetCookie();
    await response.text();
    return {
      ok: this.cookies.has('next-auth.session-token') || this.cookies.has('__Secure-next-auth.session-token'),
      setCookies,
      ms,
    };
  }
}
