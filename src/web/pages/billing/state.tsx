import type { MonthState } from '../../components/month-state.js';

export function StateBadge({ state, label }: { state: MonthState; label: string }) {
  return <span class={`state state--${state}`}>{label}</span>;
}
