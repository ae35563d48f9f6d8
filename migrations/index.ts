import type { Knex } from 'knex';
import * as platform from './20261128_01_platform.js';
import * as reference from './20261128_02_reference.js';
import * as ledger from './20261128_03_ledger.js';
import * as budgetsBeneficiaries from './20261128_04_budgets_beneficiaries.js';
import * as periods from './20261128_05_periods.js';
import * as billing from './20261128_06_billing.js';
import * as payments from './20261128_07_payments.js';
import * as reconciliation from './20261128_08_reconciliation.js';
import * as rateCorrections from './20261128_09_rate_corrections.js';
import * as workforce from './20261128_11_workforce.js';
import * as tokenLifecycle from './20261128_12_token_lifecycle.js';
import * as reportSummaries from './20261128_13_report_summaries.js';
import * as creditsFromStatements from './20261129_14_credits_from_statements.js';
import * as paymentRejections from './20261130_15_payment_rejections.js';
import * as webSessions from './20261130_20_web_sessions.js';
import * as rejectedLines from './20261201_40_rejected_lines.js';
import * as userScopes from './20261201_50_user_scopes.js';
import * as countSummaries from './20261202_60_count_summaries.js';
import * as statementBenefits from './20261202_70_statement_benefits.js';
import * as budgetBooks from './20261202_80_budget_books.js';
import * as insuredCounts from './20261202_90_insured_counts.js';
import * as lifeEvents from './20261202_90_life_events.js';
import * as workerSetCounts from './20261203_10_worker_set_counts.js';
import * as ledgerVerifyTotals from './20261203_20_ledger_verify_totals.js';
import * as obligationRegions from './20261204_10_obligation_regions.js';

interface Migration {
  up: (knex: Knex) => Promise<void>;
  down: (knex: Knex) => Promise<void>;
}

/**
 * Migrations are listed here rather than discovered on disk, so the same list runs under tsx, vitest and
 * compiled JavaScript. Append new files; never edit one that has landed: `tests/migrations.test.ts` checks
 * each landed file against its sha256 in `checksums.json`, where a new migration's entry goes when it lands.
 */
const migrations: Record<string, Migration> = {
  '20261128_01_platform': platform,
  '20261128_02_reference': reference,
  '20261128_03_ledger': ledger,
  '20261128_04_budgets_beneficiaries': budgetsBeneficiaries,
  '20261128_05_periods': periods,
  '20261128_06_billing': billing,
  '20261128_07_payments': payments,
  '20261128_08_reconciliation': reconciliation,
  '20261128_09_rate_corrections': rateCorrections,
  '20261128_11_workforce': workforce,
  '20261128_12_token_lifecycle': tokenLifecycle,
  '20261128_13_report_summaries': reportSummaries,
  '20261129_14_credits_from_statements': creditsFromStatements,
  '20261130_15_payment_rejections': paymentRejections,
  '20261130_20_web_sessions': webSessions,
  '20261201_40_rejected_lines': rejectedLines,
  '20261201_50_user_scopes': userScopes,
  '20261202_60_count_summaries': countSummaries,
  '20261202_70_statement_benefits': statementBenefits,
  '20261202_80_budget_books': budgetBooks,
  '20261202_90_insured_counts': insuredCounts,
  '20261202_90_life_events': lifeEvents,
  '20261203_10_worker_set_counts': workerSetCounts,
  '20261203_20_ledger_verify_totals': ledgerVerifyTotals,
  '20261204_10_obligation_regions': obligationRegions,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
