import { z } from 'zod';

import { id, labelledIssue, listQuery, period, periodOut, rule, text } from '../../shared/fields.js';
import { nikErrors } from '../../shared/nik.js';
import { isPeriod } from '../../shared/period.js';
// Rates differ by sector, so a worker's sector must use the very words the programmes' rates use.
import { SECTORS } from '../programs/index.js';

export const END_REASONS = ['deceased', 'employer_covered', 'moved', 'ineligible', 'other'] as const;
export type EndReason = (typeof END_REASONS)[number];

const REGION_CODE_PATTERN = /^[0-9]{2}(\.[0-9]{2}){0,2}$/;

/** Every reason a NIK is refused becomes its own issue, so a client sees all of them at once. */
const nik = () =>
  z
    .string({ error: rule('nikType') })
    .trim()
    .superRefine((value, ctx) => {
      for (const message of nikErrors(value)) ctx.addIssue(labelledIssue(message));
    })
    .meta({
      description:
        'National identity number: 16 digits, a known province, a real birth date, serial from 0001',
      examples: ['1508014508850001'],
    });

const regionCode = () =>
  z
    .string({ error: rule('regionCodeType') })
    .trim()
    .regex(REGION_CODE_PATTERN, rule('regionCode'))
    .meta({ examples: ['15.08'] });

export const createBeneficiaryBody = z.strictObject({
  nik: nik(),
  name: text(200),
  regionCode: regionCode().meta({ description: 'Where the person lives; must be a known region' }),
  sector: z.enum(SECTORS, { error: rule('oneOf') }).default('other'),
  occupation: text(200).nullable().optional(),
  kpjNumber: z
    .string({ error: rule('digitsType') })
    .trim()
    .regex(/^[0-9]{1,32}$/, rule('kpj'))
    .nullable()
    .optional()
    .meta({ description: 'BPJS membership card number, once BPJS has registered the worker' }),
  phone: z
    .string({ error: rule('digitsType') })
    .trim()
    .regex(/^\+?[0-9]{6,15}$/, rule('phone'))
    .nullable()
    .optional(),
});
export type CreateBeneficiaryInput = z.output<typeof createBeneficiaryBody>;

export const listBeneficiariesQuery = listQuery.extend({
  programId: id().optional().meta({ description: 'Only people with an enrolment in this programme' }),
  regionCode: regionCode()
    .optional()
    .meta({ description: 'Only people living in this region or a region inside it' }),
  status: z
    .enum(['active', 'inactive'], { error: rule('oneOf') })
    .optional()
    .meta({
      description:
        'active: an enrolment (in `programId` when given) covers `period`, or the current month; inactive: none does. With a status, `period` only names that month.',
    }),
  period: period().optional().meta({ description: 'Only people enrolled in this month' }),
  q: z.string().trim().min(1, rule('notEmpty')).max(100, rule('tooLong')).optional().meta({
    description:
      'Part of the name, case-insensitive, or a NIK: a prefix for roles that see NIKs in full; for the auditor, who sees them masked, only a whole 16-digit NIK matches, and that search is recorded in the audit trail (beneficiary.search) as opening the record is',
  }),
});
export type ListBeneficiariesQuery = z.output<typeof listBeneficiariesQuery>;

export const importQuery = z
  .object({
    programId: id().optional().meta({ description: 'Enrol every created row in this programme' }),
    startPeriod: period().optional().meta({ description: 'First month of those enrolments' }),
  })
  .superRefine((value, ctx) => {
    if (value.programId !== undefined && value.startPeriod === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['startPeriod'],
        message: rule('requiredWith'),
        params: { other: 'programId' },
      });
    if (value.startPeriod !== undefined && value.programId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['programId'],
        message: rule('requiredWith'),
        params: { other: 'startPeriod' },
      });
  });

export const createEnrolmentBody = z
  .strictObject({
    beneficiaryId: id(),
    programId: id(),
    startPeriod: period(),
    endPeriod: period()
      .nullable()
      .optional()
      .meta({ description: "Last month covered; by default the programme's last month, if it has one" }),
  })
  .superRefine((value, ctx) => {
    const { startPeriod, endPeriod } = value;
    if (endPeriod && isPeriod(endPeriod) && isPeriod(startPeriod) && endPeriod < startPeriod)
      ctx.addIssue({
        code: 'custom',
        path: ['endPeriod'],
        message: rule('notBefore'),
        params: { other: 'startPeriod' },
      });
  });
export type CreateEnrolmentInput = z.output<typeof createEnrolmentBody>;

export const endEnrolmentBody = z.strictObject({
  endPeriod: period().meta({ description: 'Last month covered' }),
  reason: z.enum(END_REASONS, { error: rule('oneOf') }),
});
export type EndEnrolmentInput = z.output<typeof endEnrolmentBody>;

export const listEnrolmentsQuery = listQuery.extend({
  beneficiaryId: id().optional(),
  programId: id().optional(),
});

export const beneficiaryOut = z.object({
  id: z.string(),
  nik: z.string(),
  name: z.string(),
  regionCode: z.string(),
  sector: z.enum(SECTORS),
  occupation: z.string().nullable(),
  kpjNumber: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: z.string(),
});
export type Beneficiary = z.output<typeof beneficiaryOut>;

export const enrolmentOut = z.object({
  id: z.string(),
  beneficiaryId: z.string(),
  programId: z.string(),
  startPeriod: periodOut(),
  endPeriod: periodOut().nullable(),
  endReason: z.enum(END_REASONS).nullable(),
  createdAt: z.string(),
});
export type Enrolment = z.output<typeof enrolmentOut>;

export const beneficiaryDetailOut = beneficiaryOut.extend({ enrolments: z.array(enrolmentOut) });
export type BeneficiaryDetail = z.output<typeof beneficiaryDetailOut>;

export const importResultOut = z.object({
  created: z.number().int(),
  enrolled: z.number().int(),
  rejected: z.array(
    z.object({
      line: z.number().int().meta({ description: 'Line in the file; the header is line 1' }),
      nik: z.string(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
  rejectedUrl: z.string().nullable().meta({
    description:
      'Where the uploading user can download the rejected lines with their reasons (CSV or XLSX, for 7 days); null when none was rejected',
  }),
});
