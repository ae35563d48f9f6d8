import type { Payment } from '../../../modules/payments/index.js';
import type { Period } from '../../../shared/period.js';
import type { Names } from '../../lookups.js';
import type { View } from '../../view.js';

export type { Names };

export const programName = (names: Names, id: string) => names.programs.get(id)?.code ?? id;
export const sourceName = (names: Names, id: string) => names.sources.get(id)?.name ?? id;

/** `Maret 2026`, or `Januari 2026 s.d. Maret 2026` for a payment of several months. */
export function months(view: View, from: Period, to: Period): string {
  return from === to ? view.f.month(from) : view.t.payments.monthRange(view.f.month(from), view.f.month(to));
}

/** Who recorded a payment as its reader needs to know it for four eyes: themselves or someone else. */
export const recorder = (view: View, payment: Payment) =>
  payment.recordedBy === view.session?.actor.id ? view.t.payments.you : view.t.payments.anotherOfficer;

export function PaymentStatus({ view, payment }: { view: View; payment: Payment }) {
  return (
    <span class={`pay-status pay-status--${payment.status}`}>{view.t.payments.statuses[payment.status]}</span>
  );
}
