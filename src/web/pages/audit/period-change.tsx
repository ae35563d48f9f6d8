import type { Period } from '../../../shared/period.js';
import { CsrfField, ErrorSummary, TextField } from '../../components/forms.js';
import type { Refusal } from '../../problem-text.js';
import type { View } from '../../view.js';
import { AuditLayout } from './tabs.js';

export interface PeriodChangeProps {
  view: View;
  period: Period;
  /** Closing or reopening: the same form with its own words and address. */
  closing: boolean;
  note: string;
  refusal?: Refusal | undefined;
}

/** The form that closes or reopens a month; the note is required by the API and kept in the audit trail. */
export function PeriodChangePage({ view, period, closing, note, refusal }: PeriodChangeProps) {
  const t = view.t.audit.change;
  const month = view.f.month(period);
  const title = closing ? t.closeTitle(month) : t.reopenTitle(month);
  return (
    <AuditLayout view={view} tab="calendar" title={title}>
      <div class="narrow">
        <ErrorSummary view={view} items={refusal?.summary ?? []} />
        <p class="lead">{closing ? t.closeIntro : t.reopenIntro}</p>
        <form method="post" action={`/audit/${period}/${closing ? 'tutup' : 'buka'}`} novalidate>
          <CsrfField view={view} />
          <TextField
            view={view}
            name="note"
            label={t.noteLabel}
            hint={closing ? t.closeHint : t.reopenHint}
            error={refusal?.byField.note}
            value={note}
            autocomplete="off"
          />
          <div class="audit-buttons">
            <button type="submit" class="button">
              {closing ? t.closeSubmit : t.reopenSubmit}
            </button>
            <a class="audit-cancel" href={`/audit?tahun=${period.slice(0, 4)}`}>
              {t.cancel}
            </a>
          </div>
        </form>
      </div>
    </AuditLayout>
  );
}
