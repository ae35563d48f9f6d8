import type { Express } from 'express';
import supertest from 'supertest';
import { expect } from 'vitest';

/** Requests name a host, so that the console's same-origin check has an origin to compare with. */
export const HOST = 'konsol.jambi.test';
export const ORIGIN = `http://${HOST}`;

export const setCookies = (res: supertest.Response): string[] =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []);

export function sessionCookieOf(res: supertest.Response): string {
  const set = setCookies(res);
  const line = set.find((c) => c.startsWith('iuran_session='));
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(set)}`);
  return line.split(';')[0]!;
}

export const signedInPage = (res: supertest.Response) =>
  res.status === 200 && res.text.includes('<h1>Beranda</h1>');

/** The console of one app as a browser without JavaScript would use it: forms, cookies, an Origin. */
export function consoleClient(app: Express) {
  const get = (path: string, cookie?: string) => {
    const req = supertest(app).get(path).set('Host', HOST);
    return cookie ? req.set('Cookie', cookie) : req;
  };
  const post = (
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = { Origin: ORIGIN },
  ) => supertest(app).post(path).set('Host', HOST).set(headers).type('form').send(form);
  /** Signs in through the form and reads the session's CSRF token off the Beranda. */
  const signIn = async (token: string): Promise<{ cookie: string; csrf: string }> => {
    const res = await post('/masuk', { token });
    expect(res.status, res.text).toBe(303);
    const cookie = sessionCookieOf(res);
    const home = await get('/', cookie);
    expect(home.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)?.[1];
    if (!csrf) throw new Error('no CSRF token on the Beranda');
    return { cookie, csrf };
  };
  return { get, post, signIn };
}
