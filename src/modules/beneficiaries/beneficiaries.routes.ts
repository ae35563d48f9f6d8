import { coversRegion, type Scope } from '../../shared/scope.js';
import type { z } from 'zod';
import type { Conn } from '../../db/knex.js';
import type { Api } from '../../http/api.js';
import { FILE_UPLOADS } from '../../http/upload.js';
import { seesFullNik, type Role } from '../../shared/context.js';
import { notFound } from '../../shared/errors.js';
import { decodeCursor, DOWNLOADS, exportQueryFields, listOf, page, pathId } from '../../shared/fields.js';
import { localize } from '../../shared/i18n.js';
import { maskNik } from '../../shared/nik.js';
import { timestamp } from '../../shared/period.js';
import { recordAccess } from '../audit/index.js';
import { describeFilters, writeDownload } from '../tables/index.js';
import {
  beneficiaryDetailOut,
  beneficiaryOut,
  createBeneficiaryBody,
  createEnrolmentBody,
  enrolmentOut,
  importQuery,
  importResultOut,
  listBeneficiariesQuery,
  listEnrolmentsQuery,
} from './beneficiaries.schemas.js';
import {
  createBeneficiary,
  createEnrolment,
  eachBeneficiary,
  getBeneficiary,
  getEnrolment,
  listBeneficiaries,
  listEnrolments,
  recordNikSearch,
  type NikSearch,
} from './beneficiaries.service.js';
import { registerBeneficiaryFileRoutes } from './files.routes.js';
import { rejectedLinesUrl } from './rejected.repository.js';
import { beneficiaryTable } from './export.js';
import { importBeneficiaries } from './import.service.js';

const WRITERS: readonly Role[] = ['admin', 'program_manager'];

/** What the beneficiary routes need from billing (above them), handed in by the composition root (src/app.ts). */
export interface BeneficiaryPorts {
  /** A worker's obligations month by month, and the schema of that answer. */
  obligationsByPeriod: {
    read: (db: Conn, beneficiaryId: number, scope: Scope | undefined) => Promise<unknown[]>;
    schema: z.ZodType;
  };
}

export function registerBeneficiaryRoutes(api: Api, ports: BeneficiaryPorts): void {
  api.route({
    operationId: 'createBeneficiary',
    method: 'post',
    path: '/beneficiaries',
    tag: 'beneficiaries',
    summary: 'Register a beneficiary',
    description:
      'A NIK already registered is a 409 DUPLICATE_NIK; an unknown regionCode is a 422 UNKNOWN_REFERENCE. The NIK must name a Kemendagri province, a district other than 00 and, where the regencies of its province are registered, one of them; the regionCode (where the person lives) must be a regency or city, not a province (400 naming the field).',
    access: WRITERS,
    body: createBeneficiaryBody,
    errors: ['DUPLICATE_NIK', 'UNKNOWN_REFERENCE', 'OUT_OF_SCOPE'],
    responses: { 201: { description: 'The beneficiary', schema: beneficiaryOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createBeneficiary(db, ctx, body) }),
  });
  api.route({
    operationId: 'importBeneficiaries',
    method: 'post',
    path: '/beneficiaries/import',
    tag: 'beneficiaries',
    summary: 'Import beneficiaries from CSV or XLSX',
    description:
      'Streamed CSV or XLSX (the first sheet) of up to 200 MiB; a workbook is recognised by its content whatever its media type. CSV is "," or ";" separated (taken from the header line), UTF-8 with or without BOM. Columns are matched by header name in Bahasa Indonesia or English, case and spacing ignored: NIK, Nama (name), Kode Wilayah or Kabupaten/Kota (regionCode: a Kemendagri code such as 15.08 or 1508, or a name such as Bungo or Kota Jambi) required; Sektor (sector, in Bahasa Indonesia or as its code), Pekerjaan (occupation), No KPJ (kpjNumber), No HP (phone) optional. A row with any problem is rejected with all its reasons (line: the CSV line or the sheet row, the header being 1) and writes nothing; the others are created together. With programId and startPeriod every created row is also enrolled, and a row living outside the regency or city that a share of the programme is limited to is rejected (as POST /enrolments answers 422 OUT_OF_REGION). Rejected rows can also be downloaded by the uploader at rejectedUrl. More than 100000 rejected rows is a 422 TOO_MANY_REJECTED that writes nothing.',
    access: WRITERS,
    rawBody: FILE_UPLOADS,
    query: importQuery,
    errors: [
      'INVALID_HEADER',
      'MALFORMED_CSV',
      'INVALID_XLSX',
      'INVALID_UTF8',
      'CONTROL_CHARACTER',
      'TOO_MANY_REJECTED',
      'UNKNOWN_REFERENCE',
      'OUTSIDE_PROGRAM',
    ],
    responses: { 200: { description: 'What was created and what was rejected', schema: importResultOut } },
    handler: async ({ query, ctx, db, upload, lang }) => {
      const { programId, startPeriod } = query;
      const enrol =
        programId !== undefined && startPeriod !== undefined
          ? { programId: Number(programId), startPeriod }
          : null;
      try {
        const { rejectedId, ...result } = await importBeneficiaries(db, ctx, upload, enrol);
        const rejectedUrl = rejectedId === null ? null : rejectedLinesUrl(rejectedId);
        return { status: 200, body: localize({ ...result, rejectedUrl }, lang) };
      } catch (err) {
        // The client went away mid-upload: the import rolled back and there is nobody left to answer.
        if (upload.aborted) return;
        throw err;
      }
    },
  });
  registerBeneficiaryFileRoutes(api);
  api.route({
    operationId: 'listBeneficiaries',
    method: 'get',
    path: '/beneficiaries',
    tag: 'beneficiaries',
    summary: 'List beneficiaries',
    access: 'anyRole',
    query: listBeneficiariesQuery.extend({
      ...exportQueryFields,
      format: exportQueryFields.format.meta({
        description:
          'csv or xlsx downloads every matching row (limit and cursor then do not apply); without it, Accept: text/csv or the XLSX type does the same',
      }),
    }),
    responses: {
      200: {
        description:
          'Beneficiaries by id. With format=csv (text/csv, UTF-8 with BOM) or format=xlsx (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), or the matching Accept header, an attachment of every matching row under a title, filter and produced-at line, headed in Bahasa Indonesia unless lang=en. Beside the person, each row names the enrolment that describes them in the month (period, or the current month; in programId when given): the one covering it, else the latest; its programme code, status (active when it covers the month, as status=active means), start and end month and exit reason, status and reason in the language of the file',
        schema: listOf(beneficiaryOut),
        downloads: DOWNLOADS,
      },
    },
    handler: async ({ query, ctx, db, download, res, recordDownload }) => {
      const afterId = decodeCursor(query.cursor);
      const nikSearch: NikSearch = seesFullNik(ctx.actor.role) ? 'prefix' : 'whole';
      if (nikSearch === 'whole') await recordNikSearch(db, ctx, query.q);
      if (download.format) {
        const table = beneficiaryTable(eachBeneficiary(db, ctx.clock, query, nikSearch, ctx.actor.scope), {
          lang: download.lang,
          fullNik: seesFullNik(ctx.actor.role),
          filters: describeFilters(query),
          producedAt: timestamp(ctx.clock),
        });
        return writeDownload(res, download.format, download.lang, table, {
          fileName: 'beneficiaries',
          audit: recordDownload,
        });
      }
      const limit = query.limit ?? 100;
      return {
        status: 200,
        body: page(
          (await listBeneficiaries(db, ctx.clock, query, limit, afterId, nikSearch, ctx.actor.scope)).map(
            (b) => (seesFullNik(ctx.actor.role) ? b : { ...b, nik: maskNik(b.nik) }),
          ),
          limit,
        ),
      };
    },
  });
  api.route({
    operationId: 'getBeneficiary',
    method: 'get',
    path: '/beneficiaries/{id}',
    tag: 'beneficiaries',
    summary: 'Get a beneficiary',
    description:
      'The person, their enrolments and their obligations month by month. A person outside the caller’s regions is a 404; a caller limited to funding sources sees only the obligations of those sources.',
    access: 'anyRole',
    responses: {
      200: {
        description: 'The beneficiary, its enrolments and its obligations by period',
        schema: beneficiaryDetailOut.extend({ obligationsByPeriod: ports.obligationsByPeriod.schema }),
      },
    },
    handler: async ({ params, ctx, db }) => {
      const id = pathId(params.id, 'beneficiary');
      const beneficiary = await getBeneficiary(db, id);
      // A person outside the caller's regions is answered as not found, so existence is not told either.
      if (!beneficiary || !coversRegion(ctx.actor.scope, beneficiary.regionCode))
        throw notFound('beneficiary');
      if (!seesFullNik(ctx.actor.role)) {
        await recordAccess(db, ctx, {
          action: 'beneficiary.view',
          entity: 'beneficiary',
          entityId: id,
          change: null,
        });
      }
      return {
        status: 200,
        body: {
          ...beneficiary,
          obligationsByPeriod: await ports.obligationsByPeriod.read(db, id, ctx.actor.scope),
        },
      };
    },
  });
  api.route({
    operationId: 'createEnrolment',
    method: 'post',
    path: '/enrolments',
    tag: 'enrolments',
    summary: 'Enrol a beneficiary in a programme',
    description:
      'The months must lie within the programme (422 OUTSIDE_PROGRAM). A share paid by a regency or city pays only for people living there: enrolling anyone else is a 422 OUT_OF_REGION naming the source and its region (a province source pays for anyone in its province). Sharing a month with any other enrolment of the person, in any programme, is a 409 ENROLMENT_OVERLAP whose conflictingEnrolment names it.',
    access: WRITERS,
    body: createEnrolmentBody,
    errors: ['UNKNOWN_REFERENCE', 'OUTSIDE_PROGRAM', 'OUT_OF_REGION', 'ENROLMENT_OVERLAP', 'OUT_OF_SCOPE'],
    responses: { 201: { description: 'The enrolment', schema: enrolmentOut } },
    handler: async ({ body, ctx, db }) => ({ status: 201, body: await createEnrolment(db, ctx, body) }),
  });
  api.route({
    operationId: 'listEnrolments',
    method: 'get',
    path: '/enrolments',
    tag: 'enrolments',
    summary: 'List enrolments',
    access: 'anyRole',
    query: listEnrolmentsQuery,
    responses: { 200: { description: 'Enrolments by id', schema: listOf(enrolmentOut) } },
    handler: async ({ query, ctx, db }) => {
      const limit = query.limit ?? 100;
      const rows = await listEnrolments(db, query, limit, decodeCursor(query.cursor), ctx.actor.scope);
      return { status: 200, body: page(rows, limit) };
    },
  });
  api.route({
    operationId: 'getEnrolment',
    method: 'get',
    path: '/enrolments/{id}',
    tag: 'enrolments',
    summary: 'Get an enrolment',
    access: 'anyRole',
    responses: { 200: { description: 'The enrolment', schema: enrolmentOut } },
    handler: async ({ params, ctx, db }) => {
      const enrolment = await getEnrolment(db, pathId(params.id, 'enrolment'));
      const person = enrolment && (await getBeneficiary(db, Number(enrolment.beneficiaryId)));
      if (!person || !coversRegion(ctx.actor.scope, person.regionCode)) throw notFound('enrolment');
      return { status: 200, body: enrolment };
    },
  });
}
