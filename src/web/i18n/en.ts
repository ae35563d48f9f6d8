import { MONTH_NAMES } from '../../shared/i18n.js';
import * as billing from './areas/billing.js';
import * as payments from './areas/payments.js';
import * as scope from './areas/scope.js';
import * as auditWords from './areas/audit.js';
import * as usersWords from './areas/users.js';
import * as home from './areas/home.js';
import type { Catalogue } from './catalogue.js';
import * as beneficiaries from './areas/beneficiaries.js';
import * as reconciliation from './areas/reconciliation.js';
import * as reports from './areas/reports.js';

/** The console's words in English, for integrators and visitors; every key of `id.ts` is required. */
export const en: Catalogue = {
  product: 'iuran-ledger',
  subtitle: 'BPJS Ketenagakerjaan contributions for vulnerable workers',
  skipLink: 'Skip to main content',
  navLabel: 'Main menu',
  nav: {
    home: 'Dashboard',
    beneficiaries: 'Beneficiaries',
    billing: 'Billing',
    payments: 'Payments',
    reconciliation: 'Reconciliation',
    reports: 'Reports',
    audit: 'Audit',
    users: 'Users',
  },
  roles: {
    admin: 'Administrator',
    program_manager: 'Programme manager',
    finance_officer: 'Finance officer',
    auditor: 'Auditor',
  },
  signedInAs: 'Signed in as',
  signOut: 'Sign out',
  switchLanguage: 'Change language',
  apiReference: 'API reference',
  footerNote: 'Records of BPJS Ketenagakerjaan contributions paid from regional budgets (APBD).',
  months: MONTH_NAMES.en,
  timeSeparator: ':',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  signIn: {
    title: 'Sign in',
    intro: 'Sign in with your access token to open the console.',
    tokenLabel: 'Access token',
    tokenHint:
      'An administrator gives you the token when your account is created; it is shown only once. On a new installation, the administrator signs in with the ADMIN_TOKEN set on the server.',
    submit: 'Sign in',
    lostToken: 'Lost your token, or has it expired? Ask an administrator to create a new account for you.',
    tokenMissing: 'Enter your access token',
    tokenRefused: 'This token is unknown or has been revoked. Check the token and try again.',
    tokenExpired: 'This token has expired. Ask an administrator for a new one.',
    throttled: (minutes: number) =>
      `Too many failed sign-ins from this computer. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    sessionEnded: 'Your session has ended. Please sign in again.',
    signedOut: 'You have signed out.',
  },
  audit: auditWords.en,
  users: usersWords.en,
  billing: billing.en,
  payments: payments.en,
  scope: scope.en,
  beneficiaries: beneficiaries.en,
  reports: reports.en,
  reconciliation: reconciliation.en,
  home: home.en,
  errors: {
    notFoundTitle: 'Page not found',
    notFoundBody: 'There is no page at this address. Check the address, or go back to the dashboard.',
    forbiddenTitle: 'You do not have access',
    forbiddenBody: (role: string) => `This page is not available to the role ${role}.`,
    csrfTitle: 'Request refused',
    csrfBody:
      'This form did not come from a page of the console, so nothing was done. If you sent it yourself, go back to that page, reload it and try again.',
    refusedTitle: 'The request could not be processed',
    serverTitle: 'Something went wrong',
    serverBody:
      'The error has been logged. Try again in a moment; if it keeps happening, contact an administrator.',
    backHome: 'Back to the dashboard',
  },
  problems: {
    fallback: 'The request could not be processed.',
    byStatus: {
      400: 'Some of the information is not right yet.',
      401: 'You need to sign in again.',
      403: 'Your role may not do this.',
      404: 'What you asked for was not found.',
      409: 'This conflicts with what is already recorded.',
      413: 'The file or form is too large.',
      422: 'A budget or payment rule refuses this request.',
      429: 'Too many attempts. Wait a moment and try again.',
      500: 'Something went wrong in the system. The error has been logged.',
    },
    byCode: {
      PERIOD_CLOSED: 'This period has been closed by an auditor, so it cannot be changed any more.',
      OVER_BUDGET: 'The remaining budget is not enough for this billing.',
      OVERPAYMENT: 'The amount is more than what is still outstanding.',
      OUT_OF_SCOPE: 'This is outside the regions or funding sources you are responsible for.',
      FORBIDDEN: 'Your role may not do this.',
      DUPLICATE: 'The same record already exists.',
      DUPLICATE_NIK: 'This NIK is already registered.',
      DUPLICATE_CODE: 'This code is already in use.',
      UNKNOWN_REFERENCE: 'The request refers to a record that does not exist.',
      UNAUTHENTICATED: 'You need to sign in again.',
      TOKEN_EXPIRED: 'Your token has expired. Ask an administrator for a new one.',
      CSRF_FAILED: 'This form did not come from a console page. Reload the page and try again.',
      SAME_PERSON: 'Another finance officer must approve or reject a payment, not the one who recorded it.',
      AWAITING_APPROVAL: 'This payment is still awaiting approval; reject it instead of reversing it.',
      NOT_PENDING: 'This payment is no longer awaiting approval.',
      APPROVAL_NOT_REQUIRED: 'This funding source does not use four-eyes approval.',
      ALREADY_REVERSED: 'This payment is already reversed.',
      DUPLICATE_SP2D: 'This SP2D number is already recorded; an SP2D number is never reused.',
      ALREADY_CANCELLED: 'This billing run is already cancelled.',
      RUN_PAID: 'Some of this billing is already paid, so it cannot be cancelled. Reverse the payment first.',
      RUN_CREDITED: 'BPJS already credited some of this billing, so it cannot be cancelled.',
      RUN_REPRICED: 'This month has been repriced; cancel the repricing first.',
      PROGRAM_NOT_RUNNING: 'The programme does not run in that month.',
      NO_RATE: 'No contribution rate is in force for that month yet.',
    },
  },
};
