import crypto from 'node:crypto';
import supertest from 'supertest';
import { consoleClient, HOST, ORIGIN, sessionCookieOf } from './support/console-http.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditAction } from '../src/modules/audit/index.js';
import type { Role } from '../src/shared/context.js';
import { createTestContext, makeNik, type TestContext } from './support/harness.js';
import { allocate, bill, createProgram, enrolWorker, fundingSourceIds, pay } from './support/fixtures.js';
import { expectAuditChainValid } from './support/reliability.js';

let t: TestContext;
let bungo: string;
const userIds = {} as Record<Role, string>;

beforeAll(async () => {
  t = await createTestContext();
  bungo = (await fundingSourceIds(t))['APBD-KAB-BUNGO']!;
  const users = await t.as('admin').get('/api/v1/users');
  for (const u of users.body.data as { id: string; name: string; role: Role }[])
    if (u.name === `Test ${u.role}`) userIds[u.role] = u.id;
});
afterAll(async () => t.close());

/** What the audited request must have written: the event's entity, id and the key parts of its change. */
interface Expected {
  entity: string;
  entityId: string | null;
  change: unknown;
  /** Who acted, when not the case's role's own test user. */
  actor?: string;
}

interface Case {
  action: AuditAction;
  role: Role;
  /**
   * Builds the case's own data, then performs the action once through `agent` (signed in as `role`) or a
   * request passed through `stamp`: either carries the request id that the event must record.
   */
  perform: (act: { agent: Agent; stamp: (req: supertest.Test) => supertest.Test }) => Promise<Expected>;
}

type Agent = Record<'get' | 'post' | 'put' | 'patch', (url: string) => supertest.Test>;

/** A programme of its own, wholly funded by Bungo, with one agricultural worker enrolled from January 2026. */
async function fundedProgram() {
  const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  await allocate(t, program.id, bungo, '10000000');
  const worker = await enrolWorker(t, program.id, { startPeriod: '2026-01' });
  return { program, worker };
}

/** A funded programme with one worker whose enrolment ends in December 2026. */
async function endingProgram() {
  const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
  await allocate(t, program.id, bungo, '10000000');
  const worker = await enrolWorker(t, program.id, { startPeriod: '2026-01', endPeriod: '2026-12' });
  return { program, worker };
}

let serial = 0;
const unique = (prefix: string) => `${prefix}-${(serial += 1)}`;

const CASES: Case[] = [
  {
    action: 'user.create',
    role: 'admin',
    perform: async ({ agent }) => {
      const res = await agent.post('/api/v1/users').send({ name: 'Rina', role: 'auditor' });
      expect(res.status, res.text).toBe(201);
      return { entity: 'user', entityId: res.body.id, change: { name: 'Rina', role: 'auditor' } };
    },
  },
  {
    action: 'user.revoke',
    role: 'admin',
    perform: async ({ agent }) => {
      const user = await t.as('admin').post('/api/v1/users').send({ name: 'Budi', role: 'program_manager' });
      const res = await agent.post(`/api/v1/users/${user.body.id}/revoke`);
      expect(res.status, res.text).toBe(200);
      return { entity: 'user', entityId: user.body.id, change: { name: 'Budi', role: 'program_manager' } };
    },
  },
  {
    action: 'user.scope',
    role: 'admin',
    perform: async ({ agent }) => {
      const user = await t.as('admin').post('/api/v1/users').send({ name: 'Sari', role: 'finance_officer' });
      const res = await agent.put(`/api/v1/users/${user.body.id}/scope`).send({ fundingSourceIds: [bungo] });
      expect(res.status, res.text).toBe(200);
      const after = { fundingSourceIds: [bungo], regionCodes: null };
      return {
        entity: 'user',
        entityId: user.body.id,
        change: { before: { fundingSourceIds: null, regionCodes: null }, after },
      };
    },
  },
  {
    action: 'settings.admin_token_disable',
    role: 'admin',
    perform: async ({ agent }) => {
      const res = await agent.post('/api/v1/settings/admin-token/disable');
      expect(res.status, res.text).toBe(200);
      return { entity: 'settings', entityId: 'admin_token_disabled', change: { value: true } };
    },
  },
  {
    action: 'funding_source.create',
    role: 'admin',
    perform: async ({ agent }) => {
      const body = {
        code: 'APBD-KAB-TEBO',
        name: 'APBD Kabupaten Tebo',
        level: 'regency',
        regionCode: '15.09',
      };
      const res = await agent.post('/api/v1/funding-sources').send(body);
      expect(res.status, res.text).toBe(201);
      return { entity: 'funding_source', entityId: res.body.id, change: body };
    },
  },
  {
    action: 'funding_source.update',
    role: 'admin',
    perform: async ({ agent }) => {
      const source = await t.as('admin').post('/api/v1/funding-sources').send({
        code: 'APBD-KAB-KERINCI',
        name: 'APBD Kabupaten Kerinci',
        level: 'regency',
        regionCode: '15.01',
      });
      const res = await agent.patch(`/api/v1/funding-sources/${source.body.id}`).send({ place: 'Siulak' });
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'funding_source',
        entityId: source.body.id,
        change: { before: { place: null }, after: { place: 'Siulak' } },
      };
    },
  },
  {
    action: 'program.create',
    role: 'admin',
    perform: async ({ agent }) => {
      const body = {
        code: 'AUDIT-PROG',
        name: 'Audited programme',
        benefits: ['JKK', 'JKM'],
        declaredIncome: '1000000',
        startPeriod: '2026-01',
        fundingShares: [{ fundingSourceId: bungo, share: '1' }],
      };
      const res = await agent.post('/api/v1/programs').send(body);
      expect(res.status, res.text).toBe(201);
      return { entity: 'program', entityId: res.body.id, change: body };
    },
  },
  {
    action: 'rate.create',
    role: 'admin',
    perform: async ({ agent }) => {
      const body = {
        benefit: 'JKM',
        flatAmount: '3400',
        sector: 'fisheries',
        effectiveFrom: '2031-01',
        effectiveTo: '2031-12',
        legalBasis: 'Pergub 1/2031',
      };
      const res = await agent.post('/api/v1/contribution-rates').send(body);
      expect(res.status, res.text).toBe(201);
      return { entity: 'contribution_rate', entityId: res.body.id, change: body };
    },
  },
  {
    action: 'rate.correct',
    role: 'admin',
    perform: async ({ agent }) => {
      const rate = await t.as('admin').post('/api/v1/contribution-rates').send({
        benefit: 'JKM',
        flatAmount: '3400',
        sector: 'fisheries',
        effectiveFrom: '2032-01',
        effectiveTo: '2032-12',
      });
      const res = await agent
        .post(`/api/v1/contribution-rates/${rate.body.id}/correct`)
        .send({ flatAmount: '3500', reason: 'typo in the Pergub' });
      expect(res.status, res.text).toBe(201);
      return {
        entity: 'contribution_rate',
        entityId: rate.body.id,
        change: { flatAmount: '3500', reason: 'typo in the Pergub', replacedBy: res.body.rate.id },
      };
    },
  },
  {
    action: 'budget.allocate',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
      const body = {
        programId: program.id,
        fundingSourceId: bungo,
        fiscalYear: 2026,
        amount: '201600',
        documentRef: 'DPA 2026/001',
      };
      const res = await agent.post('/api/v1/budget-allocations').send(body);
      expect(res.status, res.text).toBe(201);
      return { entity: 'budget_allocation', entityId: res.body.id, change: body };
    },
  },
  {
    action: 'beneficiary.create',
    role: 'program_manager',
    perform: async ({ agent }) => {
      const nik = makeNik('08', 700);
      const res = await agent
        .post('/api/v1/beneficiaries')
        .send({ nik, name: 'Siti Aminah', regionCode: '15.08', sector: 'fisheries' });
      expect(res.status, res.text).toBe(201);
      // The trail names the person by a masked NIK only, never by name.
      const change = {
        nik: `${nik.slice(0, 4)}**********${nik.slice(-2)}`,
        regionCode: '15.08',
        sector: 'fisheries',
      };
      return { entity: 'beneficiary', entityId: res.body.id, change };
    },
  },
  {
    action: 'beneficiary.import',
    role: 'program_manager',
    perform: async ({ agent }) => {
      const { program } = await fundedProgram();
      const csv = `nik,name,regionCode\n${makeNik('08', 701)},Satu,15.08\n${makeNik('08', 702)},Dua,15.08\nbad,Tiga,15.08\n`;
      const res = await agent
        .post(`/api/v1/beneficiaries/import?programId=${program.id}&startPeriod=2026-02`)
        .set('Content-Type', 'text/csv')
        .send(csv);
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'beneficiary',
        entityId: null,
        change: { created: 2, rejected: 1, enrolled: 2, programId: program.id, startPeriod: '2026-02' },
      };
    },
  },
  {
    action: 'beneficiary.view',
    role: 'auditor',
    perform: async ({ agent }) => {
      const { worker } = await fundedProgram();
      const res = await agent.get(`/api/v1/beneficiaries/${worker}`);
      expect(res.status, res.text).toBe(200);
      return { entity: 'beneficiary', entityId: worker, change: null };
    },
  },
  {
    action: 'beneficiary.search',
    role: 'auditor',
    perform: async ({ agent }) => {
      const nik = makeNik('08', 704);
      const person = await t
        .as('program_manager')
        .post('/api/v1/beneficiaries')
        .send({ nik, name: 'Dicari', regionCode: '15.08' });
      const res = await agent.get(`/api/v1/beneficiaries?q=${nik}`);
      expect(res.status, res.text).toBe(200);
      return { entity: 'beneficiary', entityId: person.body.id, change: { search: 'nik', found: true } };
    },
  },
  {
    action: 'enrolment.create',
    role: 'program_manager',
    perform: async ({ agent }) => {
      const program = await createProgram(t, { fundingShares: [{ fundingSourceId: bungo, share: '1' }] });
      const person = await t
        .as('program_manager')
        .post('/api/v1/beneficiaries')
        .send({ nik: makeNik('08', 703), name: 'Empat', regionCode: '15.08' });
      const body = {
        beneficiaryId: person.body.id,
        programId: program.id,
        startPeriod: '2026-03',
        endPeriod: '2026-12',
      };
      const res = await agent.post('/api/v1/enrolments').send(body);
      expect(res.status, res.text).toBe(201);
      return { entity: 'enrolment', entityId: res.body.id, change: body };
    },
  },
  {
    action: 'enrolment.end',
    role: 'program_manager',
    perform: async ({ agent }) => {
      // An enrolment that ends in 2026, so the months it gives up are never those another case closes.
      const { program } = await fundedProgram();
      const worker = await enrolWorker(t, program.id, { startPeriod: '2026-01', endPeriod: '2026-12' });
      const [enrolment] = (await t.as('auditor').get(`/api/v1/beneficiaries/${worker}`)).body.enrolments;
      const res = await agent
        .post(`/api/v1/enrolments/${enrolment.id}/end`)
        .send({ endPeriod: '2026-06', reason: 'employer_covered' });
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'enrolment',
        entityId: enrolment.id,
        change: { endPeriod: '2026-06', reason: 'employer_covered', previousEndPeriod: '2026-12' },
      };
    },
  },
  {
    action: 'enrolment.end_billed',
    role: 'program_manager',
    perform: async ({ agent }) => {
      // March billed at 16,800 and paid, April billed at 8,400 (PP 50/2025) and not: an end in February
      // overpays March and cancels April. The enrolment ends in 2026, away from the months others close.
      const { program, worker } = await endingProgram();
      await bill(t, program.id, '2026-03');
      await bill(t, program.id, '2026-04');
      await pay(t, { programId: program.id, fundingSourceId: bungo, period: '2026-03', amount: '16800' });
      const [enrolment] = (await t.as('auditor').get(`/api/v1/beneficiaries/${worker}`)).body.enrolments;
      const res = await agent
        .post(`/api/v1/enrolments/${enrolment.id}/end`)
        .send({ endPeriod: '2026-02', reason: 'deceased' });
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'obligation',
        entityId: null,
        change: {
          enrolmentId: enrolment.id,
          endPeriod: '2026-02',
          affected: [
            expect.objectContaining({ period: '2026-03', amount: '16800', outcome: 'overpaid' }),
            expect.objectContaining({ period: '2026-04', amount: '8400', outcome: 'cancelled' }),
          ],
        },
      };
    },
  },
  {
    action: 'overpayment.settle',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      const { program, worker } = await endingProgram();
      await bill(t, program.id, '2026-05');
      await pay(t, { programId: program.id, fundingSourceId: bungo, period: '2026-05', amount: '8400' });
      const [enrolment] = (await t.as('auditor').get(`/api/v1/beneficiaries/${worker}`)).body.enrolments;
      const ended = await t
        .as('program_manager')
        .post(`/api/v1/enrolments/${enrolment.id}/end`)
        .send({ endPeriod: '2026-04', reason: 'deceased' });
      expect(ended.status, ended.text).toBe(200);
      const overpayments = await t.as('auditor').get('/api/v1/overpayments?status=open&limit=1000');
      const op = overpayments.body.data.find((o: { enrolmentId: string }) => o.enrolmentId === enrolment.id);
      const res = await agent
        .post(`/api/v1/overpayments/${op.id}/settle`)
        .send({ method: 'refund', documentRef: 'STS 3/2026' });
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'overpayment',
        entityId: op.id,
        change: { method: 'refund', documentRef: 'STS 3/2026', paymentId: null },
      };
    },
  },
  {
    action: 'billing.run',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      const { program } = await fundedProgram();
      const res = await agent.post('/api/v1/billing-runs').send({ period: '2026-03', programId: program.id });
      expect(res.status, res.text).toBe(201);
      return {
        entity: 'billing_run',
        entityId: res.body.id,
        change: {
          period: '2026-03',
          programId: Number(program.id),
          obligationCount: 1,
          totalAmount: '16800',
        },
      };
    },
  },
  {
    action: 'billing.reprice',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      // A fisheries JKM of 3,400 in March 2033 only, billed, then corrected to 3,000: 400 less per worker.
      const rate = await t.as('admin').post('/api/v1/contribution-rates').send({
        benefit: 'JKM',
        flatAmount: '3400',
        sector: 'fisheries',
        effectiveFrom: '2033-03',
        effectiveTo: '2033-03',
      });
      const program = await createProgram(t, {
        startPeriod: '2033-01',
        fundingShares: [{ fundingSourceId: bungo, share: '1' }],
      });
      await allocate(t, program.id, bungo, '1000000', 2033);
      await enrolWorker(t, program.id, { startPeriod: '2033-01', sector: 'fisheries' });
      await bill(t, program.id, '2033-03');
      const corrected = await t
        .as('admin')
        .post(`/api/v1/contribution-rates/${rate.body.id}/correct`)
        .send({ flatAmount: '3000', reason: 'the Pergub says 3,000' });
      expect(corrected.status, corrected.text).toBe(201);
      const res = await agent
        .post('/api/v1/billing-runs/reprice')
        .send({ period: '2033-03', programId: program.id });
      expect(res.status, res.text).toBe(201);
      return {
        entity: 'billing_run',
        entityId: res.body.id,
        change: { period: '2033-03', programId: Number(program.id), obligationCount: 1, totalAmount: '-400' },
      };
    },
  },
  {
    action: 'billing.cancel',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      const { program } = await fundedProgram();
      const run = await bill(t, program.id, '2026-03');
      const res = await agent
        .post(`/api/v1/billing-runs/${run.id}/cancel`)
        .send({ reason: 'billed the wrong month' });
      expect(res.status, res.text).toBe(200);
      return { entity: 'billing_run', entityId: run.id, change: { reason: 'billed the wrong month' } };
    },
  },
  {
    action: 'payment.record',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      const { program } = await fundedProgram();
      await bill(t, program.id, '2026-03');
      const body = {
        programId: program.id,
        fundingSourceId: bungo,
        period: '2026-03',
        amount: '16800',
        paidOn: '2026-03-12',
        sp2dNumber: unique('SP2D-REC'),
      };
      const res = await agent.post('/api/v1/payments').send(body);
      expect(res.status, res.text).toBe(201);
      return { entity: 'payment', entityId: res.body.id, change: body };
    },
  },
  {
    action: 'payment.approve',
    role: 'finance_officer',
    perform: async ({ stamp }) => {
      const source = await t.as('admin').post('/api/v1/funding-sources').send({
        code: 'APBD-KOTA-SUNGAI-PENUH',
        name: 'APBD Kota Sungai Penuh',
        level: 'city',
        regionCode: '15.72',
        fourEyes: true,
      });
      const program = await createProgram(t, {
        fundingShares: [{ fundingSourceId: source.body.id, share: '1' }],
      });
      await allocate(t, program.id, source.body.id, '1000000');
      await enrolWorker(t, program.id, { startPeriod: '2026-01', regionCode: '15.72' });
      await bill(t, program.id, '2026-03');
      const sp2dNumber = unique('SP2D-4EYES');
      const recorded = await t.as('finance_officer').post('/api/v1/payments').send({
        programId: program.id,
        fundingSourceId: source.body.id,
        period: '2026-03',
        amount: '16800',
        paidOn: '2026-03-12',
        sp2dNumber,
      });
      expect(recorded.body.status).toBe('pending_approval');
      const second = await t
        .as('admin')
        .post('/api/v1/users')
        .send({ name: 'Second officer', role: 'finance_officer' });
      const res = await stamp(
        supertest(t.app)
          .post(`/api/v1/payments/${recorded.body.id}/approve`)
          .set('Authorization', `Bearer ${second.body.token}`),
      );
      expect(res.status, res.text).toBe(200);
      return { entity: 'payment', entityId: recorded.body.id, change: { sp2dNumber }, actor: second.body.id };
    },
  },
  {
    action: 'payment.reject',
    role: 'finance_officer',
    perform: async ({ stamp }) => {
      const source = await t
        .as('admin')
        .post('/api/v1/funding-sources')
        .send({
          code: unique('APBD-4EYES'),
          name: 'APBD empat mata',
          level: 'regency',
          regionCode: '15.08',
          fourEyes: true,
        });
      const program = await createProgram(t, {
        fundingShares: [{ fundingSourceId: source.body.id, share: '1' }],
      });
      await allocate(t, program.id, source.body.id, '1000000');
      await enrolWorker(t, program.id, { startPeriod: '2026-01' });
      await bill(t, program.id, '2026-03');
      const sp2dNumber = unique('SP2D-REJECT');
      const recorded = await t.as('finance_officer').post('/api/v1/payments').send({
        programId: program.id,
        fundingSourceId: source.body.id,
        period: '2026-03',
        amount: '16800',
        paidOn: '2026-03-12',
        sp2dNumber,
      });
      expect(recorded.body.status).toBe('pending_approval');
      const second = await t
        .as('admin')
        .post('/api/v1/users')
        .send({ name: 'Rejecting officer', role: 'finance_officer' });
      const res = await stamp(
        supertest(t.app)
          .post(`/api/v1/payments/${recorded.body.id}/reject`)
          .set('Authorization', `Bearer ${second.body.token}`)
          .send({ reason: 'wrong SPM' }),
      );
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'payment',
        entityId: recorded.body.id,
        change: { sp2dNumber, reason: 'wrong SPM' },
        actor: second.body.id,
      };
    },
  },
  {
    action: 'payment.reverse',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      const { program } = await fundedProgram();
      await bill(t, program.id, '2026-03');
      const id = await pay(t, {
        programId: program.id,
        fundingSourceId: bungo,
        period: '2026-03',
        amount: '16800',
      });
      const res = await agent
        .post(`/api/v1/payments/${id}/reversal`)
        .send({ reason: 'paid into the wrong account' });
      expect(res.status, res.text).toBe(201);
      return { entity: 'payment', entityId: id, change: { reason: 'paid into the wrong account' } };
    },
  },
  {
    action: 'statement.import',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      const { program, worker } = await fundedProgram();
      await bill(t, program.id, '2026-03');
      const { nik } = (await t.as('admin').get(`/api/v1/beneficiaries/${worker}`)).body;
      const csv = `nik,kpj,name,amount\n${nik},11,Satu,16800\n3171010101900001,99,Stranger,16800\n`;
      const res = await agent
        .post(`/api/v1/statements?programId=${program.id}&period=2026-03`)
        .set('Content-Type', 'text/csv')
        .send(csv);
      expect(res.status, res.text).toBe(201);
      return {
        entity: 'statement',
        entityId: res.body.id,
        change: {
          programId: Number(program.id),
          period: '2026-03',
          fileHash: crypto.createHash('sha256').update(csv).digest('hex'),
          summary: { lines: 2, matched: 1, unexpected: 1, creditedAmount: '16800' },
        },
      };
    },
  },
  {
    action: 'exception.resolve',
    role: 'finance_officer',
    perform: async ({ agent }) => {
      const { program } = await fundedProgram();
      await bill(t, program.id, '2026-03');
      const statement = await t
        .as('finance_officer')
        .post(`/api/v1/statements?programId=${program.id}&period=2026-03`)
        .set('Content-Type', 'text/csv')
        .send('nik,kpj,name,amount\n3171010101900002,99,Stranger,16800\n');
      const [missing] = (
        await t
          .as('finance_officer')
          .get(`/api/v1/statements/${statement.body.id}/exceptions?kind=not_credited`)
      ).body.data;
      const res = await agent
        .post(`/api/v1/reconciliation-exceptions/${missing.id}/resolve`)
        .send({ resolution: 'rebill', note: 'member not credited' });
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'reconciliation_exception',
        entityId: missing.id,
        change: { resolution: 'rebill', note: 'member not credited' },
      };
    },
  },
  {
    action: 'period.close',
    role: 'auditor',
    perform: async ({ agent }) => {
      const res = await agent.post('/api/v1/periods/2035-01/close').send({ note: 'books closed' });
      expect(res.status, res.text).toBe(200);
      return { entity: 'period', entityId: '2035-01', change: { note: 'books closed' } };
    },
  },
  {
    action: 'period.reopen',
    role: 'auditor',
    perform: async ({ agent }) => {
      await t.as('auditor').post('/api/v1/periods/2035-02/close').send({ note: 'books closed' });
      const res = await agent.post('/api/v1/periods/2035-02/reopen').send({ note: 'late SP2D' });
      expect(res.status, res.text).toBe(200);
      return { entity: 'period', entityId: '2035-02', change: { note: 'late SP2D' } };
    },
  },
  {
    action: 'workforce.set',
    role: 'admin',
    perform: async ({ agent }) => {
      const res = await agent.put('/api/v1/workforce/15.01/2026').send({ workers: 5000, targetRate: '0.55' });
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'workforce',
        entityId: '15.01/2026',
        change: { before: null, after: { workers: 5000, targetRate: '0.55' } },
      };
    },
  },
  {
    action: 'insured_count.set',
    role: 'admin',
    perform: async ({ agent }) => {
      const res = await agent
        .put('/api/v1/insured-counts/15.01/2026-10')
        .send({ insured: 4200, documentRef: 'BPJS-TK 7/2026' });
      expect(res.status, res.text).toBe(200);
      return {
        entity: 'insured_count',
        entityId: '15.01/2026-10',
        change: { before: null, after: { insured: 4200, documentRef: 'BPJS-TK 7/2026' } },
      };
    },
  },
  {
    action: 'export',
    role: 'auditor',
    perform: async ({ agent }) => {
      const res = await agent.get('/api/v1/beneficiaries?regionCode=15.08&q=Siti&format=csv');
      expect(res.status, res.text).toBe(200);
      // The search text may be a name or a NIK: the trail keeps only that there was one.
      return {
        entity: 'download',
        entityId: '/beneficiaries',
        change: { query: { regionCode: '15.08', format: 'csv', q: '[search]' } },
      };
    },
  },
  {
    action: 'session.sign_in',
    role: 'program_manager',
    perform: async ({ stamp }) => {
      const res = await stamp(
        supertest(t.app)
          .post('/masuk')
          .set('Host', HOST)
          .set('Origin', ORIGIN)
          .type('form')
          .send({ token: t.tokens.program_manager }),
      );
      expect(res.status, res.text).toBe(303);
      return { entity: 'session', entityId: sessionIdOf(sessionCookieOf(res)), change: { lang: 'id' } };
    },
  },
  {
    action: 'session.sign_out',
    role: 'auditor',
    perform: async ({ stamp }) => {
      const { cookie, csrf } = await consoleClient(t.app).signIn(t.tokens.auditor);
      const res = await stamp(
        supertest(t.app)
          .post('/keluar')
          .set('Host', HOST)
          .set('Origin', ORIGIN)
          .set('Cookie', cookie)
          .type('form')
          .send({ _csrf: csrf }),
      );
      expect(res.status, res.text).toBe(303);
      return { entity: 'session', entityId: sessionIdOf(cookie), change: {} };
    },
  },
];

/** A session's id in the audit trail: the SHA-256 of the secret its cookie holds. */
const sessionIdOf = (cookie: string) =>
  crypto.createHash('sha256').update(cookie.split('=')[1]!, 'utf8').digest('hex');

describe('audited actions', () => {
  it('when an action is listed in AUDIT_ACTIONS, then the table below has exactly one case for it', () => {
    const covered = CASES.map((c) => c.action);
    expect(
      AUDIT_ACTIONS.filter((a) => !covered.includes(a)),
      'actions without a case',
    ).toEqual([]);
    expect(
      covered.filter((a, i) => covered.indexOf(a) !== i),
      'actions with two cases',
    ).toEqual([]);
  });

  it.each(CASES.map((c) => [c.action, c] as const))(
    'when %s is performed, then one audit event names the actor, role, entity and change',
    async (action, c) => {
      const requestId = `audit-${crypto.randomUUID()}`;
      const stamp = (req: supertest.Test) => req.set('X-Request-Id', requestId);
      const signedIn = t.as(c.role);
      const agent: Agent = {
        get: (url) => stamp(signedIn.get(url)),
        post: (url) => stamp(signedIn.post(url)),
        put: (url) => stamp(signedIn.put(url)),
        patch: (url) => stamp(signedIn.patch(url)),
      };
      const expected = await c.perform({ agent, stamp });
      const query = `entity=${expected.entity}${expected.entityId === null ? '' : `&entityId=${encodeURIComponent(expected.entityId)}`}`;
      const res = await t.as('auditor').get(`/api/v1/audit-events?${query}&limit=1000`);
      expect(res.status).toBe(200);
      const written = (res.body.data as { requestId: string | null }[]).filter(
        (e) => e.requestId === requestId,
      );
      expect(written).toHaveLength(1);
      expect(written[0]).toMatchObject({
        actor: expected.actor ?? userIds[c.role],
        role: c.role,
        action,
        entity: expected.entity,
        entityId: expected.entityId,
        change: expected.change,
      });
      await expectAuditChainValid(t);
    },
  );
});
