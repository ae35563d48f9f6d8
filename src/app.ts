import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Db } from './db/knex.js';
import { Api } from './http/api.js';
import { signInThrottle, type SignInThrottle } from './http/rate-limit.js';
import type { TrustProxy } from './config.js';
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

export interface AppDeps {
  db: Db;
  logger: Logger;
  clock: Clock;
  adminToken: string | undefined;
  version?: string;
  authLimiter?: SignInThrottle;
  /** Which proxies' X-Forwarded-For to believe for the client address (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
}

/**
 * The route a request matched, as a pattern (`/api/v1/beneficiaries/{id}`): the API's routes record theirs,
 * since Express forgets the mount point once a route passes an error on; null when none matched.
 */
function routePattern(req: IncomingMessage, res: ServerResponse): string | null {
  const route = (res as express.Response).locals.route as string | undefined;
  return route ?? ((req as express.Request).route?.path as string | undefined) ?? null;
}

/** Builds the Express app; it neither listens nor reads the environment. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(helmet());
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

  app.get('/health', async (_req, res, next) => {
    try {
      await deps.db.raw('SELECT 1');
      res.json({ status: 'ok' });
    } catch (err) {
      next(err);
    }
  });

  const api = new Api({
    db: deps.db,
    clock: deps.clock,
    adminToken: deps.adminToken,
    authLimiter: deps.authLimiter ?? signInThrottle({ logger: deps.logger }),
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
  // Answers carry NIKs, names and money, errors and downloads alike: no cache keeps them.
  app.use('/api/v1', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api/v1', api.router);
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
