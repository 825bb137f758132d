// A small client for the server under test: a session cookie per user, JSON and multipart requests
// with the Origin header a browser would send (state-changing requests check it).
export interface Answer<T = unknown> {
  status: number;
  body: T;
}

/**
 * fetch with the request named in its error, and GETs retried on a dropped connection (a loaded
 * machine, a server cutting slow clients off): a read never changes what the round tests.
 */
async function send(method: string, url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { ...init, method });
    } catch (e) {
      if (method !== 'GET' || attempt >= 3) {
        throw new Error(`${method} ${url}: ${(e as Error).message} (${String((e as Error).cause ?? '')})`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export class Client {
  private cookie = '';

  constructor(
    readonly base: string,
    readonly username: string,
    private readonly password: string,
  ) {}

  async login(): Promise<void> {
    const r = await send('POST', `${this.base}/api/auth/login`, {
      headers: { 'content-type': 'application/json', origin: this.base },
      body: JSON.stringify({ username: this.username, password: this.password }),
    });
    if (r.status !== 200) throw new Error(`login ${this.username}: ${r.status} ${await r.text()}`);
    const setCookie = r.headers.getSetCookie().find((c) => c.includes('='));
    if (!setCookie) throw new Error(`login ${this.username}: no session cookie`);
    this.cookie = setCookie.split(';')[0];
  }

  /** Signs in again when the session is gone (sessions may not survive a restart). */
  async ensureSession(): Promise<void> {
    if (this.cookie) {
      const r = await send('GET', `${this.base}/api/me`, { headers: { cookie: this.cookie } });
      await r.arrayBuffer();
      if (r.status === 200) return;
    }
    await this.login();
  }

  async call<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const r = await send(method, `${this.base}${url}`, {
      headers: {
        cookie: this.cookie,
        origin: this.base,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the error message
    }
    return { status: r.status, body: parsed as T };
  }

  /** multipart/form-data: the fields first, then the file (the import routes read them in that order). */
  async upload<T = unknown>(
    url: string,
    fields: Record<string, string>,
    file: { name: string; data: Buffer },
  ): Promise<Answer<T>> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(file.data)]), file.name);
    const r = await send('POST', `${this.base}${url}`, {
      headers: { cookie: this.cookie, origin: this.base },
      body: form,
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: r.status, body: parsed as T };
  }
}

export function expectStatus(a: Answer, status: number, what: string): void {
  if (a.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${a.status} ${JSON.stringify(a.body).slice(0, 400)}`);
  }
}
