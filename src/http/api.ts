import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { inTransaction, type Conn, type Db } from '../db/knex.js';
import {
  findStored,
  IDEMPOTENCY_KEY_PATTERN,
  requestHash,
  storeReply,
  type IdempotencyScope,
} from '../db/idempotency.js';
import type { Actor, Ctx, Role } from '../shared/context.js';
import { controlCharacterPaths, parseOrThrow } from '../shared/fields.js';
import { AppError, invalid } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import { DETAILS, FIELD, type ErrorCode } from '../shared/messages/index.js';
import type { Clock } from '../shared/period.js';
import { downloadFormat, downloadLang, type DownloadFormat } from './negotiation.js';
import { apiLang } from './problem.js';
import { hashedUpload, uploadOf, type Upload } from './upload.js';

export type Access = 'public' | 'anyRole' | readonly Role[];

export interface Reply {
  status: number;
  body: unknown;
  /** false: answered, but not kept for Idempotency-Key replays (a dry run writes nothing, key included). */
  replayable?: boolean;
}

export interface HandlerInput<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  ctx: Ctx;
  /** The database, or the transaction an Idempotency-Key request runs in. */
  db: Conn;
  /** The streamed request body of an upload route (`rawBody`), already checked against its media types. */
  upload: Upload;
  /** The file the request asks for instead of JSON (`?format=`, Accept), and its language. */
  download: { format: DownloadFormat | null; lang: Lang };
  /** The language of messages in the answer. */
  lang: Lang;
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
  /** Unique camelCase name: the OpenAPI operationId, and how the console invokes the route. */
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch';
  /** OpenAPI style: `/programs/{id}` */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  body?: B;
  /** A streamed (not JSON) request body: the media types accepted, the first documented. */
  rawBody?: readonly string[];
  query?: Q;
  /** The answer is stored and replayed per Idempotency-Key, in the transaction of the write itself. */
  idempotent?: boolean;
  /** The refusals (beyond validation, authentication and roles) this route answers with. */
  errors?: readonly ErrorCode[];
  responses: Record<number, ResponseSpec>;
  /** Returns the reply to send as JSON, or nothing when it wrote the response itself (downloads). */
  handler: (input: HandlerInput<z.output<B>, z.output<Q>>) => Promise<Reply | void>;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType>;

/** One call of a route, from the API's own HTTP edge or from the console acting for its signed-in user. */
export interface Invocation {
  actor: Actor;
  requestId: string | null;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  idempotencyKey: string | undefined;
  upload: Upload;
  download: { format: DownloadFormat | null; lang: Lang };
  lang: Lang;
  res: Response;
}

export interface ApiDeps {
  db: Db;
  clock: Clock;
  /** Who sends the request: a bearer token (or the console's session); throws a 401 problem otherwise. */
  authenticate: (req: Request, res: Response) => Promise<Actor>;
  /** Records a read that exposes personal data (a download) in the audit trail. */
  recordAccess: (
    db: Conn,
    ctx: Ctx,
    input: { action: 'export'; entity: string; entityId: string; change: unknown },
  ) => Promise<void>;
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
  readonly routes: AnyRoute[] = [];
  private readonly byOperation = new Map<string, AnyRoute>();

  constructor(readonly deps: ApiDeps) {}

  route<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(
    spec: RouteSpec<B, Q>,
  ): void {
    const route = spec as unknown as AnyRoute;
    if (this.byOperation.has(spec.operationId))
      throw new Error(`operationId ${spec.operationId} is used twice`);
    this.routes.push(route);
    this.byOperation.set(spec.operationId, route);
    const expressPath = spec.path.replace(/\{([A-Za-z]+)\}/g, ':$1');
    this.router[spec.method](expressPath, async (req, res, next) => {
      // The request log names this pattern, never the path, which can carry a NIK.
      res.locals.route = `${req.baseUrl}${spec.path}`;
      try {
        const actor = spec.access === 'public' ? ANONYMOUS : await this.deps.authenticate(req, res);
        const reply = await this.execute(route, {
          actor,
          requestId: String(req.id ?? '') || null,
          params: req.params as Record<string, string>,
          query: (req.query ?? {}) as Record<string, unknown>,
          body: req.body,
          idempotencyKey: req.get('idempotency-key'),
          upload: uploadOf(req),
          download: { format: downloadFormat(req), lang: downloadLang(req) },
          lang: apiLang(req),
          res,
        });
        if (reply) res.status(reply.status).json(reply.body);
      } catch (err) {
        next(err);
      }
    });
  }

  /** The declaration behind an operationId (for the console, which acts through the same routes). */
  operation(operationId: string): AnyRoute {
    const route = this.byOperation.get(operationId);
    if (!route) throw new Error(`no route with operationId ${operationId}`);
    return route;
  }

  /**
   * Runs a route for an actor with every rule of its declaration: role, validation, idempotency, and what
   * the handler itself checks (scope, period lock, audit). The console calls this, so it can never do what
   * the API would refuse.
   */
  async execute(route: AnyRoute, call: Invocation): Promise<Reply | void> {
    const { db, clock } = this.deps;
    const { actor } = call;
    if (Array.isArray(route.access) && !route.access.includes(actor.role)) {
      throw new AppError('FORBIDDEN', DETAILS.roleMayNot(actor.role, route.summary.toLowerCase()));
    }
    const controlled = [
      ...controlCharacterPaths(call.params, 'path', false),
      ...controlCharacterPaths(call.query, 'query', false),
      ...controlCharacterPaths(call.body, '', true),
    ];
    if (controlled.length > 0) {
      throw invalid(controlled.map((path) => ({ path, message: FIELD.controlCharacters() })));
    }
    const query = route.query ? parseOrThrow(route.query, call.query, 'query') : undefined;
    if (route.body && call.body === undefined) throw new AppError('UNSUPPORTED_MEDIA_TYPE', DETAILS.jsonOnly);
    const body = route.body ? parseOrThrow(route.body, call.body ?? {}) : undefined;
    const upload = route.rawBody ? call.upload.accepting(route.rawBody) : call.upload;
    const ctx: Ctx = { actor, clock, requestId: call.requestId };
    // Exports of personal data are audited, before the first byte leaves.
    const recordDownload = () =>
      this.deps.recordAccess(db, ctx, {
        action: 'export',
        entity: 'download',
        entityId: route.path,
        change: { query: withoutSearch(call.query) },
      });
    const input = (conn: Conn, stream: Upload) => ({
      body,
      query,
      params: call.params,
      ctx,
      db: conn,
      upload: stream,
      download: call.download,
      lang: call.lang,
      res: call.res,
      recordDownload,
    });
    const key = route.idempotent ? call.idempotencyKey : undefined;
    if (key === undefined) return route.handler(input(db, upload));
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw invalid([{ path: 'Idempotency-Key', message: FIELD.idempotencyKey() }]);
    }
    const scope: Omit<IdempotencyScope, 'hash'> = {
      actor: actor.id,
      endpoint: `${route.method.toUpperCase()} ${route.path}`,
      key,
    };
    const hashOf = (content: unknown) =>
      requestHash({ params: call.params, query: call.query, body: content });
    return inTransaction(db, async (trx): Promise<Reply | void> => {
      const stored = await findStored(trx, scope);
      // An upload is known only once read: hashed as it streams, compared (or stored) at the end.
      const hashed = route.rawBody ? hashedUpload(upload) : null;
      if (stored) {
        const hash = hashed ? hashOf(await hashed.drain()) : hashOf(call.body ?? null);
        if (stored.hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', DETAILS.keyReused);
        call.res.setHeader('Idempotent-Replayed', 'true');
        return stored.reply;
      }
      const fresh = await route.handler(input(trx, hashed ?? upload));
      if (fresh && fresh.status < 300 && fresh.replayable !== false) {
        const hash = hashed ? hashOf(hashed.digest()) : hashOf(call.body ?? null);
        await storeReply(trx, { ...scope, hash }, fresh, clock);
      }
      return fresh;
    });
  }
}
