import express, { type ErrorRequestHandler } from 'express';
import { DateTime } from 'luxon';
import { h } from 'preact';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Api } from '../src/http/api.js';
import { recordAccess } from '../src/modules/audit/index.js';
import { registerBeneficiaryRoutes } from '../src/modules/beneficiaries/beneficiaries.routes.js';
import type { ConsoleSession } from '../src/modules/users/index.js';
import { AppError } from '../src/shared/errors.js';
import { DETAILS } from '../src/shared/messages/index.js';
import { ZONE } from '../src/shared/period.js';
import { formFile, multipartForms } from '../src/web/multipart.js';
import { Pages } from '../src/web/routing.js';
import { viewFor } from '../src/web/view.js';
import { consoleClient, HOST, ORIGIN, signedInPage } from './support/console-http.js';
import { count, createTestContext, makeNik, type TestContext } from './support/harness.js';

/**
 * Console forms that carry a file (src/web/multipart.ts): the text fields before the file become the
 * form's body, the file streams to the API operation as an Upload, and the CSRF check holds for them as for
 * any other form. A small app performs importBeneficiaries through the console's routing; the real console
 * is posted to for the CSRF check.
 */
let t: TestContext;
let app: express.Express;
const clock = () => DateTime.fromISO('2026-11-20T10:00:00', { zone: ZONE });
const LIMIT = 64;

beforeAll(async () => {
  t = await createTestContext();
  const api = new Api({
    db: t.db,
    clock,
    authenticate: async () => {
      throw new AppError('UNAUTHENTICATED', DETAILS.bearerRequired);
    },
    recordAccess,
  });
  registerBeneficiaryRoutes(api, {
    obligationsByPeriod: { read: async () => [], schema: z.array(z.unknown()) },
  });
  const router = express.Router();
  app = express();
  app.use((_req, res, next) => {
    const session: ConsoleSession = {
      id: 's',
      actor: { id: 'user-pm', name: 'pm', role: 'program_manager' },
      csrfToken: 'c',
      lang: 'id',
    };
    res.locals.session = session;
    next();
  });
  const small = multipartForms(LIMIT);
  const full = multipartForms();
  app.use((req, res, next) => (req.path.startsWith('/kecil/') ? small : full)(req, res, next));
  const pages = new Pages({ router, clock, api, view: (req, res) => viewFor(req, res, () => '/x') });
  pages.action('/unggah', { operation: 'importBeneficiaries' }, async ({ req, call }) => {
    const file = formFile(req)!;
    const result = await call<{ created: number }>('importBeneficiaries', { upload: file.upload });
    const body = req.body as Record<string, string>;
    return h('p', null, `${file.field} ${file.filename} ${body.note} created ${result.created}`);
  });
  router.post('/kecil/baca', async (req, res) => {
    const file = formFile(req);
    if (!file) return void res.send(`no file; note ${(req.body as Record<string, string>).note}`);
    const chunks: Buffer[] = [];
    for await (const chunk of file.upload) chunks.push(chunk);
    res.send(`${file.filename}: ${Buffer.concat(chunks).toString('utf8')}`);
  });
  app.use(router);
  app.use(((err, _req, res, _next) => {
    res.status(err instanceof AppError ? err.status : 500).send(err instanceof AppError ? err.code : 'error');
  }) as ErrorRequestHandler);
});
afterAll(async () => t.close());

const csv = (rows: string[]) => Buffer.from(['nik,name,regionCode', ...rows].join('\n'), 'utf8');

describe('console forms with a file', () => {
  it('when a form sends fields and a CSV, then the fields are its body and the file streams to the API operation', async () => {
    const niks = [makeNik('08', 9101), makeNik('08', 9102)];
    const res = await supertest(app)
      .post('/unggah')
      .field('_once', crypto.randomUUID())
      .field('note', 'dua orang')
      .attach('file', csv([`${niks[0]},Siti,15.08`, `${niks[1]},Budi,15.08`]), {
        filename: 'peserta.csv',
        contentType: 'text/csv',
      });
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('file peserta.csv dua orang created 2');
    expect(await count(t.db, 'beneficiaries', { nik: niks[1] })).toBe(1);
  });

  it('when the file is of a type the operation does not read, then it is refused as the API refuses it', async () => {
    const res = await supertest(app)
      .post('/unggah')
      .attach('file', Buffer.from('%PDF-1.4'), { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(415);
  });

  it('when the file is larger than the limit, then reading it fails with BODY_TOO_LARGE; at the limit it is read whole', async () => {
    const at = await supertest(app)
      .post('/kecil/baca')
      .attach('file', Buffer.alloc(LIMIT, 'a'), { filename: 'a.txt', contentType: 'text/plain' });
    expect(at.text).toBe(`a.txt: ${'a'.repeat(LIMIT)}`);
    const over = await supertest(app)
      .post('/kecil/baca')
      .attach('file', Buffer.alloc(LIMIT + 1, 'a'), { filename: 'a.txt', contentType: 'text/plain' });
    expect(over.status).toBe(413);
    expect(over.text).toBe('BODY_TOO_LARGE');
  });

  it('when a form has no file part, or an unreadable body, then the fields are read or a 400 is answered', async () => {
    const noFile = await supertest(app).post('/kecil/baca').field('note', 'tanpa berkas');
    expect(noFile.text).toBe('no file; note tanpa berkas');
    const broken = await supertest(app)
      .post('/kecil/baca')
      .set('Content-Type', 'multipart/form-data')
      .send('--x\r\n');
    expect(broken.status).toBe(400);
  });
});

describe('the CSRF check on multipart console forms', () => {
  it('when a signed-in multipart post lacks the token or comes from another origin, then it is refused; with the token field it is done', async () => {
    const c = consoleClient(t.app);
    const { cookie, csrf } = await c.signIn(t.tokens.program_manager);
    const post = (fields: Record<string, string>, origin = ORIGIN) => {
      const req = supertest(t.app)
        .post('/keluar')
        .set('Host', HOST)
        .set('Origin', origin)
        .set('Cookie', cookie);
      for (const [name, value] of Object.entries(fields)) req.field(name, value);
      return req.attach('file', Buffer.from('x'), { filename: 'x.csv', contentType: 'text/csv' });
    };
    for (const res of [
      await post({}),
      await post({ _csrf: `${csrf}x` }),
      await post({ _csrf: csrf }, 'http://evil.example'),
    ]) {
      expect(res.status).toBe(403);
      expect(res.text).toContain('Permintaan ditolak');
    }
    expect(signedInPage(await c.get('/', cookie))).toBe(true);
    const signedOut = await post({ _csrf: csrf });
    expect(signedOut.status).toBe(303);
    expect(signedInPage(await c.get('/', cookie))).toBe(false);
  });
});
