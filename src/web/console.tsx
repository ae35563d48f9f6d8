import compression from 'compression';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../db/knex.js';
import type { Api } from '../http/api.js';
import type { Actor } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import type { Clock } from '../shared/period.js';
import type { Assets } from './assets.js';
import { registerAuditRoutes } from './audit.routes.js';
import { csrfHolds, isUnsafe, sameOrigin } from './csrf.js';
import { registerBillingRoutes } from './billing.routes.js';
import { registerBeneficiaryRoutes } from './beneficiaries.routes.js';
import { registerHomeRoutes } from './home.routes.js';
import { multipartForms } from './multipart.js';
import { ErrorPage, type ErrorKind } from './pages/error.js';
import { registerReconciliationRoutes } from './reconciliation.routes.js';
import { registerReportsRoutes } from './reports.routes.js';
import { sendPage } from './render.js';
import { registerPaymentsRoutes } from './payments.routes.js';
import { Pages } from './routing.js';
import { registerSessionRoutes } from './session.routes.js';
import { registerUserScopeRoutes } from './user-scope.routes.js';
import { registerUserRoutes } from './users.routes.js';
import { resolveSession, type ConsoleSession } from '../modules/users/index.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { viewFor } from './view.js';

export interface ConsoleDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  adminToken: string | undefined;
  /** The actor a token stands for, checked exactly as the API checks a bearer token. */
  actorForToken: (token: string) => Promise<Actor>;
  /** The API's count of failed sign-ins, shared so that a console sign-in cannot guess around it. */
  countFailedSignIn: (req: Request, res: Response) => Promise<void>;
  /** The API, read for the roles each operation admits (routing.ts). */
  api: Api;
  assets: Assets;
}

/** Paths the console leaves to the rest of the app. */
const notConsole = (path: string) => path.startsWith('/api/') || path === '/api' || path === '/health';

/**
 * The web console at `/` (docs/console.md): server-rendered pages over the same services as the API,
 * signed in with a server-side session, every write checked for CSRF before any route runs.
 */
export function createConsole(deps: ConsoleDeps): express.Router {
  const router = express.Router();
  const view = (req: Request, res: Response) => viewFor(req, res, deps.assets.url);
  const showError = (req: Request, res: Response, status: number, kind: ErrorKind) =>
    sendPage(res, status, <ErrorPage view={view(req, res)} kind={kind} status={status} />);

  router.use(((req, _res, next) => (notConsole(req.path) ? next('router') : next())) as RequestHandler);
  router.use('/assets', deps.assets.handler);
  router.use(compression());
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  router.use(multipartForms());

  router.use(async (req, res, next) => {
    const session = await resolveSession(
      deps.db,
      deps.clock,
      deps.adminToken,
      readCookie(req, SESSION_COOKIE),
    );
    res.locals.session = session;
    next();
  });

  // Every write is same-origin; a signed-in reader's write also carries the session's CSRF token.
  router.use((req, res, next) => {
    if (!isUnsafe(req.method)) return next();
    const session = res.locals.session as ConsoleSession | null;
    const holds = session ? csrfHolds(req, session.csrfToken, true) : sameOrigin(req);
    if (holds) return next();
    deps.logger.warn({ reqId: req.id, signedIn: session !== null }, 'console write refused: CSRF check');
    showError(req, res, 403, 'csrf');
  });

  const pages = new Pages({ router, clock: deps.clock, api: deps.api, view });
  registerSessionRoutes({
    router,
    pages,
    db: deps.db,
    clock: deps.clock,
    actorForToken: deps.actorForToken,
    countFailedSignIn: deps.countFailedSignIn,
    view,
  });
  registerHomeRoutes(pages);
  registerBillingRoutes(pages);
  registerPaymentsRoutes(pages);
  registerUserScopeRoutes(pages);
  registerBeneficiaryRoutes(pages);
  registerReportsRoutes(pages);
  registerReconciliationRoutes(pages);
  registerAuditRoutes(pages);
  registerUserRoutes(pages);

  router.use(((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return next();
    showError(req, res, 404, 'notFound');
  }) as RequestHandler);

  router.use(((err, req, res, _next) => {
    if (res.headersSent) {
      deps.logger.error({ err, reqId: req.id }, 'console error after the response started');
      res.end();
      return;
    }
    if (err instanceof AppError && err.status === 403) return showError(req, res, 403, 'forbidden');
    if (err instanceof AppError && err.status === 404) return showError(req, res, 404, 'notFound');
    // Refusals without a form to show them on, and the body parser's (a form too large to read).
    const status = err instanceof AppError ? err.status : Number(err?.status ?? err?.statusCode ?? 500);
    if (status >= 400 && status < 500) return showError(req, res, status, 'refused');
    deps.logger.error({ err, reqId: req.id }, 'console error');
    showError(req, res, 500, 'server');
  }) as ErrorRequestHandler);
  return router;
}
