import type { Request, Response, Router } from 'express';
import type { VNode } from 'preact';
import { inTransaction, type Conn, type Db } from '../db/knex.js';
import { findReplay, IDEMPOTENCY_KEY_PATTERN, requestHash, storeReply } from '../db/idempotency.js';
import type { Api } from '../http/api.js';
import type { Ctx, Role } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import type { Clock } from '../shared/period.js';
import { sectionRoles, type Section } from './nav.js';
import { problemOf, type Problem } from './problem-text.js';
import { sendPage } from './render.js';
import type { ConsoleSession } from './sessions.js';
import type { View } from './view.js';

/** What a page or form handler receives: the signed-in reader, their view and a context for services. */
export interface PageInput {
  req: Request;
  res: Response;
  view: View;
  session: ConsoleSession;
  /** The actor, clock and request id that services record in the audit trail, as the API's handlers pass. */
  ctx: Ctx;
  /** The database, or, in a once-only form, the transaction that also records its key. */
  db: Conn;
}

export type Outcome = VNode | { redirect: string };

export interface ActionOptions {
  /**
   * Renders the form again when a service refuses it (an AppError), with the problem; describeProblem
   * turns it into sentences under the form's own labels. Sent under the refusal's status.
   */
  refused?: (input: PageInput, problem: Problem) => Promise<VNode>;
  /**
   * A form that creates money movements (a billing run, a payment): its `_once` field (OnceField, a key
   * drawn when the form is rendered) makes a second submission of the same form, a double click or a
   * resent page, go where the first went and write nothing, as the API's Idempotency-Key does, and in
   * the same transaction as the write. Such a form answers with a redirect.
   */
  once?: boolean;
}

export interface RoutingDeps {
  router: Router;
  db: Db;
  clock: Clock;
  api: Api;
  view: (req: Request, res: Response) => View;
}

/**
 * Who may use a page or form. A page names its section of the menu (nav.ts). A form that changes
 * something names the API operation it performs (`POST /billing-runs`): it then admits exactly the roles
 * that operation admits, read from the API's own declaration, so the console never allows what the API
 * refuses. `signedIn` admits every role (signing out).
 */
export type Access = { section: Section } | { operation: string } | 'signedIn';

function rolesOf(api: Api, access: Access): readonly Role[] | 'anyRole' {
  if (access === 'signedIn') return 'anyRole';
  if ('section' in access) return sectionRoles(access.section);
  const route = api.routes.find((r) => `${r.spec.method.toUpperCase()} ${r.spec.path}` === access.operation);
  if (!route || route.spec.access === 'public') {
    throw new Error(`the console names an unknown or public API operation: ${access.operation}`);
  }
  return route.spec.access;
}

function send(res: Response, outcome: Outcome, status = 200): void {
  if ('redirect' in outcome) res.redirect(303, outcome.redirect);
  else sendPage(res, status, outcome);
}

/** The sign-in page's address for someone who asked for `path` without a live session. */
const signInFor = (path: string) => `/masuk?${new URLSearchParams({ next: path }).toString()}`;

/**
 * Registers console pages (GET) and forms (POST) with one declaration each, the way `Api.route` does for
 * the API: the session is required (a reader without one is sent to sign in and brought back), the role
 * is checked against the declared access (403 page otherwise), and a form's refusal by a service is shown
 * on the form again as sentences (docs/console.md, "Adding a page").
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
      throw new AppError(403, 'FORBIDDEN', `the role ${session.actor.role} may not open ${req.path}`);
    }
    const ctx: Ctx = {
      actor: session.actor,
      clock: this.deps.clock,
      requestId: String(req.id ?? '') || null,
    };
    return { req, res, view, session, ctx, db: this.deps.db };
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
        send(res, options.once ? await this.once(path, input, handle) : await handle(input));
      } catch (err) {
        if (!(err instanceof AppError) || !options.refused || err.status >= 500) throw err;
        send(res, await options.refused(input, problemOf(err)), err.status);
      }
    });
  }

  private async once(path: string, input: PageInput, handle: (input: PageInput) => Promise<Outcome>) {
    const { _csrf, _once: key, ...fields } = (input.req.body ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new AppError(400, 'VALIDATION_FAILED', 'the form is missing its _once key');
    }
    // Its own endpoint name, so that a console form's key never meets an API client's key.
    const scope = {
      actor: input.session.actor.id,
      endpoint: `console POST ${path}`,
      key,
      hash: requestHash(fields),
    };
    return inTransaction(this.deps.db, async (trx) => {
      const replay = await findReplay(trx, scope);
      if (replay) return replay.body as { redirect: string };
      const outcome = await handle({ ...input, db: trx });
      if (!('redirect' in outcome)) throw new Error(`the once-only form ${path} must answer with a redirect`);
      await storeReply(trx, scope, { status: 303, body: outcome }, this.deps.clock);
      return outcome;
    });
  }
}
