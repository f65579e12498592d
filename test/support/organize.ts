import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../server/organize/credential.ts';
import { formBody, FORM_HEADERS } from './app.ts';

export const ORGANIZER_PASSWORD = 'vigil lantern harbour 1989';
/** Cheap scrypt settings: the tests check behaviour, not the cost of a guess. */
export const organizerHash = () => hashPassword(ORGANIZER_PASSWORD, { logN: 14, r: 8, p: 1 });

/** The cookies a response sets, as name → value (an emptied cookie has value ''). */
export function setCookies(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

/** A browser's cookie jar, enough for our two cookies. */
export class Browser {
  private jar = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  get cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: LightMyRequestResponse) {
    for (const c of response.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(await this.app.inject({ url, headers: { accept: 'text/html', cookie: this.cookieHeader, ...headers } }));
  }

  async post(url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({ method: 'POST', url, payload: formBody(fields), headers: { ...FORM_HEADERS, cookie: this.cookieHeader, ...headers } }),
    );
  }

  /** A multipart form, as a browser sends one with a file field; `file` is that field's name, file name and bytes. */
  async postMultipart(
    url: string,
    fields: Record<string, string | string[]>,
    file: { field: string; filename: string; content: string | Buffer } = { field: 'sheet', filename: '', content: '' },
    headers: Record<string, string> = {},
  ) {
    const boundary = '----appeal-letters-test-boundary';
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${item}\r\n`));
      }
    }
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: Buffer.concat(parts),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html', 'sec-fetch-site': 'same-origin', cookie: this.cookieHeader, ...headers },
      }),
    );
  }

  /** The form-protection token of a page we were shown. */
  static csrfOf(html: string): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error('the page has no _csrf field');
    return token;
  }

  /** Opens the sign-in page and signs in with `credential`; returns the answer to the sign-in post. */
  async signIn(credential = ORGANIZER_PASSWORD) {
    const page = await this.get('/organize/sign-in');
    return this.post('/organize/sign-in', { _csrf: Browser.csrfOf(page.body), credential });
  }

  /** A page's token, for posting one of its forms. */
  async csrfFrom(url: string): Promise<string> {
    return Browser.csrfOf((await this.get(url)).body);
  }
}
