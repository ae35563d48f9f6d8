import { DataTable } from '../../components/forms.js';
import type { View } from '../../view.js';
import { AuditLayout } from './tabs.js';

export interface ChainResult {
  valid: boolean;
  count: number;
  firstBrokenId?: string;
}

export interface LedgerProblem {
  kind: 'unbalanced_entry' | 'mismatch';
  detail: string;
  account?: string;
  expected?: string;
  actual?: string;
  entryId?: string;
}

export interface LedgerResult {
  balanced: boolean;
  matchesOperations: boolean;
  problems: LedgerProblem[];
}

export interface VerifyProps {
  view: View;
  /** Both results once the reader asked for the checks; null before. */
  results: { chain: ChainResult; ledger: LedgerResult; at: string } | null;
}

function Verdict({ ok, view, children }: { ok: boolean; view: View; children: string }) {
  return (
    <p class={ok ? 'audit-verdict audit-verdict--ok' : 'audit-verdict audit-verdict--problem'}>
      <span class={ok ? 'audit-state audit-state--ok' : 'audit-state audit-state--problem'}>
        {ok ? view.t.audit.verify.ok : view.t.audit.verify.problem}
      </span>{' '}
      {children}
    </p>
  );
}

function ChainSection({ view, chain }: { view: View; chain: ChainResult }) {
  const t = view.t.audit.verify;
  const count = view.f.count(chain.count);
  // The count includes the broken event itself; the ones before it hold.
  const intact = view.f.count(Math.max(0, chain.count - 1));
  return (
    <section class="panel" aria-labelledby="chain-title">
      <h2 id="chain-title">{t.chainTitle}</h2>
      {chain.valid ? (
        <Verdict ok view={view}>
          {chain.count === 0 ? t.chainEmpty : t.chainValid(count)}
        </Verdict>
      ) : (
        <Verdict ok={false} view={view}>
          {t.chainBroken(chain.firstBrokenId ?? '?', intact)}
        </Verdict>
      )}
    </section>
  );
}

function LedgerSection({ view, ledger }: { view: View; ledger: LedgerResult }) {
  const t = view.t.audit.verify;
  const money = (v: string | undefined) =>
    v === undefined ? '–' : /^-?[0-9]+$/.test(v) ? view.f.money(v) : v;
  return (
    <section class="panel" aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t.ledgerTitle}</h2>
      <Verdict ok={ledger.balanced} view={view}>
        {ledger.balanced ? t.balanced : t.unbalanced}
      </Verdict>
      <Verdict ok={ledger.matchesOperations} view={view}>
        {ledger.matchesOperations ? t.matches : t.mismatches}
      </Verdict>
      {ledger.problems.length > 0 ? (
        <DataTable id="ledger-problems" caption={t.problemsCaption(view.f.count(ledger.problems.length))}>
          <thead>
            <tr>
              <th scope="col">{t.problemColumns.kind}</th>
              <th scope="col">{t.problemColumns.detail}</th>
              <th scope="col">{t.problemColumns.account}</th>
              <th scope="col" class="num">
                {t.problemColumns.expected}
              </th>
              <th scope="col" class="num">
                {t.problemColumns.actual}
              </th>
              <th scope="col">{t.problemColumns.entry}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.problems.map((p, i) => (
              <tr key={i}>
                <th scope="row">{t.kinds[p.kind]}</th>
                <td>{p.detail}</td>
                <td>{p.account ?? '–'}</td>
                <td class="num">{money(p.expected)}</td>
                <td class="num">{money(p.actual)}</td>
                <td>{p.entryId ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </section>
  );
}

/** Verifikasi: runs the audit chain and journal checks on request and says what they found. */
export function VerifyPage({ view, results }: VerifyProps) {
  const t = view.t.audit.verify;
  return (
    <AuditLayout view={view} tab="verify" title={t.title}>
      <p class="lead">{t.intro}</p>
      <form method="get" action="/audit/verifikasi" class="audit-buttons">
        <input type="hidden" name="jalankan" value="1" />
        <button type="submit" class="button">
          {results ? t.runAgain : t.run}
        </button>
      </form>
      {results ? (
        <div role="status">
          <p>{t.ranAt(view.f.time(results.at))}</p>
          <ChainSection view={view} chain={results.chain} />
          <LedgerSection view={view} ledger={results.ledger} />
        </div>
      ) : null}
    </AuditLayout>
  );
}
