import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import type { Api } from '../../http/api.js';
import { obligationsByPeriodOut } from '../billing/billing.schemas.js';
import { obligationsByPeriod } from '../billing/obligations.service.js';
import { csvBody } from '../../http/csv-body.js';
import { decodeCursor, page, pathId } from '../../http/validation.js';
import type { Role } from '../../shared/context.js';
import { MAX_UPLOAD_BYTES } from '../../shared/csv.js';
import { AppError, notFound } from '../../shared/errors.js';
import {
  beneficiaryDetailOut,
  beneficiaryOut,
  createBeneficiaryBody,
  createEnrolmentBody,
  endEnrolmentBody,
  enrolmentOut,
  importQuery,
  importResultOut,
  listBeneficiariesQuery,
  listEnrolmentsQuery,
  listOf,
  type Beneficiary,
} from './beneficiaries.schemas.js';
import {
  createBeneficiary,
  createEnrolment,
  eachBeneficiary,
  endEnrolment,
  getBeneficiary,
  getEnrolment,
  listBeneficiaries,
  listEnrolments,
} from './beneficiaries.service.js';
import { importBeneficiaries } from './import.service.js';

const WRITERS: readonly Role[] = ['admin', 'program_manager'];

const CSV_COLUMNS = [
  'id',
  'nik',
  'name',
  'regionCode',
  'sector',
  'occupation',
  'kpjNumber',
  'phone',
  'createdAt',
];

/** A spreadsheet runs a cell that starts with = + - or @ as a formula; free text is defused with a quote. */
const defuse = (value: string | null) => (value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

async function sendCsv(res: Response, rows: AsyncIterable<Beneficiary>): Promise<void> {
  res.status(200).type('text/csv');
  res.setHeader('Content-Disposition', 'attachment; filename="beneficiaries.csv"');
  async function* defused() {
    for await (const b of rows) yield { ...b, name: defuse(b.name), occupation: defuse(b.occupation) };
  }
  await pipeline(defused, stringify({ header: true, bom: true, columns: CSV_COLUMNS }), res);
}

export function registerBeneficiaryRoutes(api: Api): void {
  api.route({
    method: 'post',
    path: '/beneficiaries',
    tag: 'beneficiaries',
    summary: 'Register a beneficiary',
    description:
      'A NIK already registered is a 409 DUPLICATE_NIK; an unknown regionCode is a 422 UNKNOWN_REFERENCE.',
    access: WRITERS,
    body: createBeneficiaryBody,
    responses: { 201: { description: 'The beneficiary', schema: beneficiaryOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createBeneficiary(db, ctx, body) }),
  });
  api.route({
    method: 'post',
    path: '/beneficiaries/import',
    tag: 'beneficiaries',
    summary: 'Import beneficiaries from CSV',
    description:
      'Streamed text/csv of up to 200 MiB, "," or ";" separated (taken from the header line), UTF-8 with or without BOM. Columns are matched by header name: nik, name, regionCode required; sector, occupation, kpjNumber, phone optional. A row with any problem is rejected with all its reasons and writes nothing; the others are created together. With programId and startPeriod every created row is also enrolled. More than 100000 rejected rows is a 422 TOO_MANY_REJECTED that writes nothing.',
    access: WRITERS,
    rawBody: 'text/csv',
    query: importQuery,
    responses: { 200: { description: 'What was created and what was rejected', schema: importResultOut } },
    handler: async ({ query, ctx, db, req }) => {
      const body = csvBody(req);
      // An announced size over the limit is refused unread; chunked uploads are counted as they stream.
      if (Number(req.get('content-length') ?? 0) > MAX_UPLOAD_BYTES) {
        throw new AppError(413, 'BODY_TOO_LARGE', 'a CSV upload may be at most 200 MiB');
      }
      const { programId, startPeriod } = query;
      const enrol =
        programId !== undefined && startPeriod !== undefined
          ? { programId: Number(programId), startPeriod }
          : null;
      try {
        return { status: 200, body: await importBeneficiaries(db, ctx, body, enrol) };
      } catch (err) {
        // The client went away mid-upload: the import rolled back and there is nobody left to answer.
        if (req.readableAborted) return;
        throw err;
      }
    },
  });
  api.route({
    method: 'get',
    path: '/beneficiaries',
    tag: 'beneficiaries',
    summary: 'List beneficiaries',
    access: 'anyRole',
    query: listBeneficiariesQuery,
    responses: {
      200: {
        description: 'Beneficiaries by id; with format=csv a text/csv download of every matching row',
        schema: listOf(beneficiaryOut),
      },
    },
    handler: async ({ query, ctx, db, res }) => {
      const afterId = decodeCursor(query.cursor);
      if (query.format === 'csv') return sendCsv(res, eachBeneficiary(db, ctx.clock, query));
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(await listBeneficiaries(db, ctx.clock, query, limit, afterId), limit),
      };
    },
  });
  api.route({
    method: 'get',
    path: '/beneficiaries/{id}',
    tag: 'beneficiaries',
    summary: 'Get a beneficiary',
    access: 'anyRole',
    responses: {
      200: {
        description: 'The beneficiary, its enrolments and its obligations by period',
        schema: beneficiaryDetailOut.extend({ obligationsByPeriod: obligationsByPeriodOut }),
      },
    },
    handler: async ({ params, db }) => {
      const id = pathId(params.id, 'beneficiary');
      const beneficiary = await getBeneficiary(db, id);
      if (!beneficiary) throw notFound('beneficiary');
      return {
        status: 200,
        body: { ...beneficiary, obligationsByPeriod: await obligationsByPeriod(db, id) },
      };
    },
  });
  api.route({
    method: 'post',
    path: '/enrolments',
    tag: 'enrolments',
    summary: 'Enrol a beneficiary in a programme',
    description:
      'The months must lie within the programme (422 OUTSIDE_PROGRAM). Sharing a month with any other enrolment of the person, in any programme, is a 409 ENROLMENT_OVERLAP whose conflictingEnrolment names it.',
    access: WRITERS,
    body: createEnrolmentBody,
    responses: { 201: { description: 'The enrolment', schema: enrolmentOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createEnrolment(db, ctx, body) }),
  });
  api.route({
    method: 'post',
    path: '/enrolments/{id}/end',
    tag: 'enrolments',
    summary: 'End an enrolment',
    description:
      'endPeriod is the last month covered. It may shorten an enrolment, never extend it (422); ending twice is a 409 ENROLMENT_ENDED.',
    access: WRITERS,
    body: endEnrolmentBody,
    responses: { 200: { description: 'The ended enrolment', schema: enrolmentOut } },
    handler: async ({ params, body, ctx, db }) => ({
      status: 200,
      body: await endEnrolment(db, ctx, pathId(params.id, 'enrolment'), body),
    }),
  });
  api.route({
    method: 'get',
    path: '/enrolments',
    tag: 'enrolments',
    summary: 'List enrolments',
    access: 'anyRole',
    query: listEnrolmentsQuery,
    responses: { 200: { description: 'Enrolments by id', schema: listOf(enrolmentOut) } },
    handler: async ({ query, db }) => {
      const limit = query.limit ?? 100;
      const rows = await listEnrolments(db, query, limit, decodeCursor(query.cursor));
      return { status: 200, body: page(rows, limit) };
    },
  });
  api.route({
    method: 'get',
    path: '/enrolments/{id}',
    tag: 'enrolments',
    summary: 'Get an enrolment',
    access: 'anyRole',
    responses: { 200: { description: 'The enrolment', schema: enrolmentOut } },
    handler: async ({ params, db }) => {
      const enrolment = await getEnrolment(db, pathId(params.id, 'enrolment'));
      if (!enrolment) throw notFound('enrolment');
      return { status: 200, body: enrolment };
    },
  });
}
