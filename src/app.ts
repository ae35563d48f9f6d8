import crypto from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Db } from './db/knex.js';
import { Api } from './http/api.js';
import { authenticate } from './http/auth.js';
import { FailedAuthLimiter } from './http/rate-limit.js';
import { errorHandler, notFoundHandler } from './http/problem.js';
import { buildOpenApi } from './http/openapi.js';
import type { Clock } from './shared/period.js';
import { registerUserRoutes } from './modules/users/users.routes.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerBeneficiaryRoutes } from './modules/beneficiaries/beneficiaries.routes.js';
import { registerFundingSourceRoutes } from './modules/funding-sources/funding-sources.routes.js';
import { registerProgramRoutes } from './modules/programs/programs.routes.js';
import { registerBudgetRoutes } from './modules/budgets/budgets.routes.js';
import { registerPeriodRoutes } from './modules/periods/periods.routes.js';
import { registerLedgerRoutes } from './modules/ledger/ledger.routes.js';
import { registerBillingRoutes } from './modules/billing/billing.routes.js';
import { billedPeriodsBetween } from './modules/billing/billing.service.js';
import { registerPaymentRoutes } from './modules/payments/payments.routes.js';
import { paidGuard } from './modules/payments/payments.service.js';
import { registerReconciliationRoutes } from './modules/reconciliation/reconciliation.routes.js';
import { registerReportRoutes } from './modules/reports/reports.routes.js';
import { registerMonthlyStatementRoute } from './modules/reports/monthly-statement.routes.js';
import { registerWorkforceRoutes } from './modules/workforce/workforce.routes.js';
import { bearerOrSession } from './web/api-auth.js';
import { loadAssets, type Assets } from './web/assets.js';
import { createConsole } from './web/console.js';

export interface AppDeps {
  db: Db;
  logger: Logger;
  clock: Clock;
  adminToken: string | undefined;
  version?: string;
  authLimiter?: FailedAuthLimiter;
  /** The console's hashed scripts and styles; loaded from disk when not handed in. */
  assets?: Assets;
}

/** Builds the Express app; it neither listens nor reads the environment. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
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
      // Request bodies and URLs can carry NIKs and names; log only the route shape and the outcome.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  app.get('/health', async (_req, res, next) => {
    try {
      await deps.db.raw('SELECT 1');
      res.json({ status: 'ok' });
    } catch (err) {
      next(err);
    }
  });

  const authLimiter = deps.authLimiter ?? new FailedAuthLimiter();
  const { db, clock, adminToken } = deps;
  const actorForToken = (token: string) => authenticate(db, `Bearer ${token}`, adminToken, clock);
  const api = new Api({
    db,
    clock,
    authenticate: bearerOrSession({
      db,
      clock,
      adminToken,
      bearer: async (req) => authenticate(db, req.get('authorization'), adminToken, clock),
    }),
    authLimiter,
  });
  registerUserRoutes(api);
  registerAuditRoutes(api);
  registerBeneficiaryRoutes(api);
  registerFundingSourceRoutes(api);
  registerProgramRoutes(api, billedPeriodsBetween);
  registerBudgetRoutes(api);
  registerPeriodRoutes(api);
  registerLedgerRoutes(api);
  registerBillingRoutes(api, paidGuard);
  registerPaymentRoutes(api);
  registerReconciliationRoutes(api);
  registerReportRoutes(api);
  registerMonthlyStatementRoute(api);
  registerWorkforceRoutes(api);

  const document = buildOpenApi(api, deps.version ?? '0.1.0');
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api/v1', api.router);
  app.use(
    createConsole({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      adminToken: deps.adminToken,
      actorForToken,
      // A console sign-in that fails counts, and past the limit is refused, as a failed bearer token is.
      countFailedSignIn: async (req) => {
        const client = req.ip ?? 'unknown';
        authLimiter.assertAllowed(client);
        authLimiter.recordFailure(client);
      },
      api,
      assets: deps.assets ?? loadAssets(),
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
