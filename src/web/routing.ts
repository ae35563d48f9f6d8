import { Readable } from 'node:stream';
import type { Request, Response, Router } from 'express';
import type { VNode } from 'preact';
import type { Api } from '../http/api.js';
import { streamUpload, type Upload } from '../http/upload.js';
import type { Ctx, Role } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { DETAILS } from '../shared/messages/index.js';
import type { Clock } from '../shared/period.js';
import type { ConsoleSession } from '../modules/users/index.js';
import { sectionRoles, type Section } from './nav.js';
import { problemOf, type Problem } from './problem-text.js';
import { sendPage } from './render.js';
import type { View } from './view.js';

/** One call of an API operation from a page: what the API would read from the request. */
export interface Call {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  upload?: Upload;
}

/** What a page or form handler receives: the signed-in reader, their view and a context for services. */
export interface PageInput {
  req: Request;
  res: Response;
  view: View;
  session: ConsoleSession;
  /** The actor, clock and request id that services record in the audit trail, as the API's handlers pass. */
  ctx: Ctx;
  /**
   * Runs an API operation as the signed-in user, under every rule of its declaration (role, validation,
   * scope, idempotency, period lock, audit), and answers its JSON body: the console does only what the API
   * would do. A form's once-only key (OnceField) travels as the operation's Idempotency-Key.
   */
  call: <T = unknown>(operationId: string, call?: Call) => Promise<T>;
  /** Whether the reader's role may perform an API operation, so a page offers only the forms it would admit. */
  may: (operationId: string) => boolean;
}

/** A page, a redirect, or `answered` when the handler wrote the response itself (a download). */
export type Outcome = VNode | { redirect: string } | { answered: true };

export interface ActionOptions {
  /**
   * Renders the form again when the operation is refused (an AppError), with the problem; describeProblem
   * turns it into sentences under the form's own labels. Sent under the refusal's status.
   */
  refused?: (input: PageInput, problem: Problem) => Promise<VNode>;
}

export interface RoutingDeps {
  router: Router;
  clock: Clock;
  api: Api;
  view: (req: Request, res: Response) => View;
}

/**
 * Who may use a page or form. A page names its section of the menu (nav.ts). A form names the API
 * operation it performs (its operationId): it then admits exactly the roles that operation admits, read
 * from the API's own declaration, so the console never allows what the API refuses. `signedIn` admits
 * every role (signing out).
 */
export type Access = { section: Section } | { operation: string } | 'signedIn';

function rolesOf(api: Api, access: Access): readonly Role[] | 'anyRole' {
  if (access === 'signedIn') return 'anyRole';
  if ('section' in access) return sectionRoles(access.section);
  const route = api.operation(access.operation);
  if (route.access === 'public')
    throw new Error(`the console names a public API operation: ${access.operation}`);
  return route.access;
}

function send(res: Response, outcome: Outcome, status = 200): void {
  if ('answered' in outcome) return;
  if ('redirect' in outcome) res.redirect(303, outcome.redirect);
  else sendPage(res, status, outcome);
}

/** The sign-in page's address for someone who asked for `path` without a live session. */
const signInFor = (path: string) => `/masuk?${new URLSearchParams({ next: path }).toString()}`;

/** No file comes with a call that names none: reading it would be a programming error. */
const NO_UPLOAD: Upload = streamUpload({ stream: Readable.from([]), contentType: undefined });

/**
 * Registers console pages (GET) and forms (POST) with one declaration each, the way `Api.route` does for
 * the API: the session is required (a reader without one is sent to sign in and brought back), the role
 * is checked against the declared access (403 page otherwise), and a form's refusal is shown on the form
 * again as sentences (docs/console.md, "Adding a page").
 */
export class Pages {
  constructor(private readonly deps: RoutingDeps) {}

  private guard(req: Request, res: Response, roles: readonly Role[] | 'anyRole'): PageInput | null {
    const view = this.deps.view(req, res);
    const session = view.session;
    if (!session) {
      res.redirect(303, signInFor(req.method === 'GET' ? req.originalUrl : '/'));
      return null;
    }
    if (roles !== 'anyRole' && !roles.includes(session.actor.role)) {
      throw new AppError('FORBIDDEN', DETAILS.roleMayNot(session.actor.role, `open ${req.path}`));
    }
    const requestId = String(req.id ?? '') || null;
    const ctx: Ctx = { actor: session.actor, clock: this.deps.clock, requestId };
    const once = (req.body as Record<string, unknown> | undefined)?._once;
    const call = async <T>(operationId: string, c: Call = {}): Promise<T> => {
      const route = this.deps.api.operation(operationId);
      const reply = await this.deps.api.execute(route, {
        actor: session.actor,
        requestId,
        params: c.params ?? {},
        query: c.query ?? {},
        body: c.body,
        idempotencyKey: req.method === 'POST' && typeof once === 'string' ? once : undefined,
        upload: c.upload ?? NO_UPLOAD,
        download: { format: null, lang: view.lang },
        lang: view.lang,
        res,
      });
      if (!reply) throw new Error(`${operationId} answered with a file; link to it instead of calling it`);
      return reply.body as T;
    };
    const may = (operationId: string) => {
      const allowed = rolesOf(this.deps.api, { operation: operationId });
      return allowed === 'anyRole' || allowed.includes(session.actor.role);
    };
    return { req, res, view, session, ctx, call, may };
  }

  page(path: string, access: Access, render: (input: PageInput) => Promise<Outcome>): void {
    const roles = rolesOf(this.deps.api, access);
    this.deps.router.get(path, async (req, res) => {
      const input = this.guard(req, res, roles);
      if (input) send(res, await render(input));
    });
  }

  /** A form. `handle` performs it and says where to go next (post/redirect/get). */
  action(
    path: string,
    access: Access,
    handle: (input: PageInput) => Promise<Outcome>,
    options: ActionOptions = {},
  ): void {
    const roles = rolesOf(this.deps.api, access);
    this.deps.router.post(path, async (req, res) => {
      const input = this.guard(req, res, roles);
      if (!input) return;
      try {
        send(res, await handle(input));
      } catch (err) {
        if (!(err instanceof AppError) || !options.refused || err.status >= 500) throw err;
        send(res, await options.refused(input, problemOf(err, input.view.lang)), err.status);
      }
    });
  }
}
