import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Conn, Db } from './db/knex.js';
import { Api } from './http/api.js';
import { bearerAuthentication } from './http/auth.js';
import { countFailedSignIn, signInThrottle, type SignInThrottle } from './http/rate-limit.js';
import type { TrustProxy } from './config.js';
import { errorHandler, notFoundHandler, sendProblem } from './http/problem.js';
import { buildOpenApi } from './http/openapi.js';
import { AppError } from './shared/errors.js';
import { DETAILS } from './shared/messages/index.js';
import type { Clock } from './shared/period.js';
import { recordAccess } from './modules/audit/index.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerBeneficiaryRoutes } from './modules/beneficiaries/beneficiaries.routes.js';
import { registerRegionRoutes } from './modules/regions/regions.routes.js';
import {
  billedPeriodsBetween,
  obligationsByPeriod,
  obligationsByPeriodOut,
} from './modules/billing/index.js';
import { registerBillingRoutes } from './modules/billing/billing.routes.js';
import { registerBudgetRoutes } from './modules/budgets/budgets.routes.js';
import { registerFundingSourceRoutes } from './modules/funding-sources/funding-sources.routes.js';
import { knownFundingSourceIds, listFundingSources } from './modules/funding-sources/index.js';
import { registerIntegrityRoutes } from './modules/integrity/integrity.routes.js';
import { registerLedgerRoutes } from './modules/ledger/ledger.routes.js';
import type { AccountNames } from './modules/ledger/index.js';
import { paidGuard } from './modules/payments/index.js';
import { registerLifeEventRoutes } from './modules/life-events/life-events.routes.js';
import { registerPaymentRoutes } from './modules/payments/payments.routes.js';
import { registerPeriodRoutes } from './modules/periods/periods.routes.js';
import { listPrograms } from './modules/programs/index.js';
import { registerProgramRoutes } from './modules/programs/programs.routes.js';
import { registerReconciliationRoutes } from './modules/reconciliation/reconciliation.routes.js';
import { registerMonthlyReportRoute } from './modules/reports/monthly-report.routes.js';
import { registerNominativeRoute } from './modules/reports/nominative.routes.js';
import { registerRealisationRoute } from './modules/reports/realisation.routes.js';
import { registerBudgetPlanRoute } from './modules/reports/budget-plan.routes.js';
import { registerReportRoutes } from './modules/reports/reports.routes.js';
import { actorForToken } from './modules/users/index.js';
import { registerUserRoutes } from './modules/users/users.routes.js';
import { registerWorkforceRoutes } from './modules/workforce/workforce.routes.js';
import { bearerOrSession } from './web/api-auth.js';
import { API_DOCS_PATH, apiReference } from './web/api-docs.js';
import { loadAssets, type Assets } from './web/assets.js';
import { createConsole } from './web/console.js';

export interface AppDeps {
  db: Db;
  logger: Logger;
  clock: Clock;
  adminToken: string | undefined;
  version?: string;
  authLimiter?: SignInThrottle;
  /** Which proxies' X-Forwarded-For to believe for the client address (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** The console's hashed scripts and styles; loaded from disk when not handed in. */
  assets?: Assets;
}

/**
 * The route a request matched, as a pattern (`/api/v1/beneficiaries/{id}`): the API's routes record theirs,
 * since Express forgets the mount point once a route passes an error on; null when none matched.
 */
function routePattern(req: IncomingMessage, res: ServerResponse): string | null {
  const route = (res as express.Response).locals.route as string | undefined;
  return route ?? ((req as express.Request).route?.path as string | undefined) ?? null;
}

/** Every programme and funding source by code, as the journal file names its accounts (a province has a few dozen). */
async function accountNames(db: Conn): Promise<AccountNames> {
  const programs = await listPrograms(db, 100_000, null);
  const sources = await listFundingSources(db, 100_000, null);
  return {
    programs: new Map(programs.map((p) => [Number(p.id), p.code])),
    sources: new Map(sources.map((s) => [Number(s.id), s.code])),
  };
}

/** Every route of the API, declared once; the console acts through the same declarations. */
function buildApi(deps: AppDeps, throttle: SignInThrottle): Api {
  const { db, clock, adminToken } = deps;
  const api = new Api({
    db,
    clock,
    authenticate: bearerOrSession({
      db,
      clock,
      adminToken,
      bearer: bearerAuthentication((token) => actorForToken(db, token, adminToken, clock), throttle),
    }),
    recordAccess,
  });
  registerUserRoutes(api, { knownSources: knownFundingSourceIds });
  registerRegionRoutes(api);
  registerAuditRoutes(api);
  registerBeneficiaryRoutes(api, {
    obligationsByPeriod: { read: obligationsByPeriod, schema: obligationsByPeriodOut },
  });
  registerFundingSourceRoutes(api);
  // Lower modules state what they need from higher ones as ports; this composition root fills them.
  registerProgramRoutes(api, { billedPeriods: billedPeriodsBetween });
  registerBudgetRoutes(api);
  registerPeriodRoutes(api);
  registerLedgerRoutes(api, { accountNames });
  registerIntegrityRoutes(api);
  registerBillingRoutes(api, { paidGuard });
  registerPaymentRoutes(api);
  registerLifeEventRoutes(api);
  registerReconciliationRoutes(api);
  registerReportRoutes(api);
  registerMonthlyReportRoute(api);
  registerRealisationRoute(api);
  registerBudgetPlanRoute(api);
  registerNominativeRoute(api);
  registerWorkforceRoutes(api);
  return api;
}

/** The OpenAPI document of the API these dependencies build (`npm run cli -- openapi FILE`). */
export function createApiDocument(deps: AppDeps): unknown {
  const api = buildApi(deps, deps.authLimiter ?? signInThrottle({ logger: deps.logger }));
  return buildOpenApi(api, deps.version ?? '0.1.0');
}

/** Builds the Express app; it neither listens nor reads the environment. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The console's styles are all in its own stylesheet; no inline style is needed.
          'style-src': ["'self'"],
          // Every URL the console writes is relative, so the upgrade adds nothing behind TLS and breaks a
          // plain-HTTP intranet install (docs/console.md, "Assets").
          'upgrade-insecure-requests': null,
        },
      },
      // Browsers send `Origin: null` on a form post under `no-referrer`, which the console's same-origin
      // check must tell apart from a foreign page; `same-origin` still tells other sites nothing.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(incoming)
            ? incoming
            : crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Request bodies and URLs can carry NIKs and names; log only the route pattern and the outcome.
      serializers: {
        req: (req: { id: string; method: string }) => ({ id: req.id, method: req.method }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customSuccessObject: (req, res, line: object) => ({ ...line, route: routePattern(req, res) }),
      customErrorObject: (req, res, _err, line: object) => ({ ...line, route: routePattern(req, res) }),
    }),
  );
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  /** Answers only a client that accepts JSON (a 406 problem otherwise). */
  const jsonOnly: express.RequestHandler = (req, res, next) => {
    if (req.accepts('json')) next();
    else sendProblem(req, res, new AppError('NOT_ACCEPTABLE', DETAILS.jsonAnswersOnly));
  };

  app.get('/health', jsonOnly, async (_req, res, next) => {
    try {
      await deps.db.raw('SELECT 1');
      res.json({ status: 'ok' });
    } catch (err) {
      next(err);
    }
  });

  const throttle = deps.authLimiter ?? signInThrottle({ logger: deps.logger });
  const api = buildApi(deps, throttle);
  const document = buildOpenApi(api, deps.version ?? '0.1.0');
  app.get('/api/v1/openapi.json', jsonOnly, (_req, res) => {
    res.json(document);
  });
  const assets = deps.assets ?? loadAssets();
  app.get(API_DOCS_PATH, apiReference(assets));
  // Answers carry NIKs, names and money, errors and downloads alike: no cache keeps them.
  app.use('/api/v1', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api/v1', api.router);
  app.use(
    createConsole({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      adminToken: deps.adminToken,
      actorForToken: (token) => actorForToken(deps.db, token, deps.adminToken, deps.clock),
      // A console sign-in that fails counts, and past the limit is refused, as a failed bearer token is.
      countFailedSignIn: (req, res) => countFailedSignIn(throttle, req, res),
      api,
      assets,
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
