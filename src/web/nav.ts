import type { Role } from '../shared/context.js';

/**
 * The console's sections: the menu shows a role the sections it may open, and a page declares its
 * section, so the menu and the page's own access check come from this one table.
 */
export type Section =
  'home' | 'beneficiaries' | 'billing' | 'payments' | 'reconciliation' | 'reports' | 'audit' | 'users';

export interface NavItem {
  section: Section;
  path: string;
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ['admin', 'program_manager', 'finance_officer', 'auditor'];
const MONEY: readonly Role[] = ['admin', 'finance_officer', 'auditor'];

export const NAV: readonly NavItem[] = [
  { section: 'home', path: '/', roles: EVERYONE },
  { section: 'beneficiaries', path: '/penerima', roles: ['admin', 'program_manager', 'auditor'] },
  { section: 'billing', path: '/tagihan', roles: MONEY },
  { section: 'payments', path: '/pembayaran', roles: MONEY },
  { section: 'reconciliation', path: '/rekonsiliasi', roles: MONEY },
  { section: 'reports', path: '/laporan', roles: EVERYONE },
  { section: 'audit', path: '/audit', roles: ['admin', 'auditor'] },
  { section: 'users', path: '/pengguna', roles: ['admin'] },
];

export function sectionRoles(section: Section): readonly Role[] {
  return NAV.find((item) => item.section === section)!.roles;
}

export function navFor(role: Role): NavItem[] {
  return NAV.filter((item) => item.roles.includes(role));
}

/** The section a path belongs to, for `aria-current`: `/tagihan/2026-03` is under Tagihan. */
export function sectionOf(path: string): Section | null {
  const match = NAV.filter(
    (item) => item.path === path || (item.path !== '/' && path.startsWith(`${item.path}/`)),
  );
  return match[0]?.section ?? null;
}
