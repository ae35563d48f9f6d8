import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { inTransaction, type Conn, type Db } from '../db/knex.js';
import type { Actor, Ctx, Role } from '../shared/context.js';
import type { FailedAuthLimiter } from './rate-limit.js';
import type { Clock } from '../shared/period.js';
import { AppError } from '../shared/errors.js';
import { recordAccess } from '../modules/audit/audit.service.js';
import {
  findReplay,
  IDEMPOTENCY_KEY_PATTERN,
  requestHash,
  storeReply,
  type StoredReply,
} from '../db/idempotency.js';
import { parseOrThrow } from './validation.js';

export type Access = 'public' | 'anyRole' | readonly Role[];

export interface Reply {
  status: number;
  body: unknown;
}

export interface HandlerInput<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  ctx: Ctx;
  db: Conn;
  req: Request;
  res: Response;
  /** Records this download in the audit trail; a handler calls it before it starts writing one. */
  recordDownload: () => Promise<void>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
  /** Further media types the same answer can be downloaded as (chosen by ?format= or Accept). */
  downloads?: readonly string[];
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType> {
  method: 'get' | 'post' | 'put';
  /** OpenAPI style: `/programs/{id}` */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  body?: B;
  /** A streamed (not JSON) request body, e.g. text/csv; the handler reads `req` itself. */
  rawBody?: string;
  query?: Q;
  /**
   * true: the answer is stored and replayed per Idempotency-Key in the write's transaction. 'handler': the
   * key is validated and documented here, but the handler replays (a streamed upload knows its request
   * only once it has read it).
   */
  idempotent?: boolean | 'handler';
  responses: Record<number, ResponseSpec>;
  /** Returns the reply to send as JSON, or nothing when it wrote the response itself (downloads). */
  handler: (input: HandlerInput<z.output<B>, z.output<Q>>) => Promise<Reply | void>;
}

interface Registered {
  spec: RouteSpec<z.ZodType, z.ZodType>;
}

/** Resolves the caller of a request (bearer token, or the console's session): handed in by createApp. */
export type RequestAuthenticator = (req: Request, res: Response) => Promise<Actor>;

export interface ApiDeps {
  db: Db;
  clock: Clock;
  authenticate: RequestAuthenticator;
  authLimiter: FailedAuthLimiter;
}

const ANONYMOUS: Actor = { id: 'anonymous', name: 'anonymous', role: 'auditor' };

/** A free-text search may be a NIK or a name: the audit trail, readable by every role, keeps only that one was made. */
function withoutSearch(query: unknown): unknown {
  const { q, ...rest } = (query ?? {}) as Record<string, unknown>;
  return q === undefined ? rest : { ...rest, q: '[search]' };
}

/** Registers each route on Express and in the OpenAPI document from one declaration. */
export class Api {
  readonly router: Router = express.Router();
  readonly routes: Registered[] = [];

  constructor(readonly deps: ApiDeps) {}

  route<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(
    spec: RouteSpec<B, Q>,
  ): void {
    this.routes.push({ spec: spec as unknown as RouteSpec<z.ZodType, z.ZodType> });
    const expressPath = spec.path.replace(/\{([A-Za-z]+)\}/g, ':$1');
    this.router[spec.method](expressPath, async (req, res, next) => {
      try {
        await this.handle(spec, req, res);
      } catch (err) {
        next(err);
      }
    });
  }

  /** Authenticates, counting failures per client address so guessing is throttled (429). */
  private async signIn(req: Request, res: Response): Promise<Actor> {
    const { authLimiter } = this.deps;
    const client = req.ip ?? 'unknown';
    authLimiter.assertAllowed(client);
    try {
      return await this.deps.authenticate(req, res);
    } catch (err) {
      if (err instanceof AppError && err.status === 401) authLimiter.recordFailure(client);
      throw err;
    }
  }

  private async handle<B extends z.ZodType, Q extends z.ZodType>(
    spec: RouteSpec<B, Q>,
    req: Request,
    res: Response,
  ) {
    const { db, clock } = this.deps;
    const actor = spec.access === 'public' ? ANONYMOUS : await this.signIn(req, res);
    if (Array.isArray(spec.access) && !spec.access.includes(actor.role)) {
      throw new AppError(403, 'FORBIDDEN', `the role ${actor.role} may not ${spec.summary.toLowerCase()}`);
    }
    const query = (
      spec.query ? parseOrThrow(spec.query, req.query ?? {}, 'query') : undefined
    ) as z.output<Q>;
    if (spec.body && !req.is('application/json') && req.body === undefined) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
    }
    const body = (spec.body ? parseOrThrow(spec.body, req.body ?? {}) : undefined) as z.output<B>;
    const ctx: Ctx = { actor, clock, requestId: String(req.id ?? '') || null };
    const params = req.params as Record<string, string>;
    // Exports of personal data are audited, before the first byte leaves.
    const recordDownload = () =>
      recordAccess(db, ctx, {
        action: 'export',
        entity: 'download',
        entityId: spec.path,
        change: { query: withoutSearch(req.query) },
      });
    const key = spec.idempotent ? req.get('idempotency-key') : undefined;
    if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new AppError(400, 'VALIDATION_FAILED', 'the request is invalid', [
        { path: 'Idempotency-Key', message: 'must be 1 to 200 characters of letters, digits and ._:-' },
      ]);
    }
    let reply: Reply | void;
    if (key !== undefined && spec.idempotent === true) {
      const scope = {
        actor: actor.id,
        endpoint: `${spec.method.toUpperCase()} ${spec.path}`,
        key,
        hash: requestHash({ params, query: req.query, body: req.body ?? null }),
      };
      reply = await inTransaction(db, async (trx): Promise<Reply | void> => {
        const replay: StoredReply | null = await findReplay(trx, scope);
        if (replay) {
          res.setHeader('Idempotent-Replayed', 'true');
          return replay;
        }
        const fresh = await spec.handler({ body, query, params, ctx, db: trx, req, res, recordDownload });
        if (fresh && fresh.status < 300) await storeReply(trx, scope, fresh, clock);
        return fresh;
      });
    } else {
      reply = await spec.handler({ body, query, params, ctx, db, req, res, recordDownload });
    }
    if (reply) res.status(reply.status).json(reply.body);
  }
}
