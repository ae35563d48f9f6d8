import { monthName, type Lang } from '../../shared/i18n.js';
import type { MonthlyReport } from './monthly-report.service.js';
import { count, headerFacts, longDate, rupiah, wordsFor } from './monthly-report.text.js';
import { demoNotice, signatureBlocks, type SignatureBlock } from './signing.js';

/**
 * The monthly statement as one self-contained, printable HTML page (no scripts, no external assets). Every
 * value goes through `escapeHtml`, since programme names and SP2D numbers are typed in by users.
 */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const STYLE = `
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; color: #111; max-width: 190mm; margin: 16px auto; }
  h1 { font-size: 14pt; text-align: center; margin: 0; }
  .subtitle { text-align: center; color: #555; margin: 4px 0 10px; }
  hr { border: 0; border-top: 1.5px solid #111; }
  dl { display: grid; grid-template-columns: 48mm 1fr; gap: 3px 8px; margin: 10px 0 16px; }
  dt { color: #555; } dd { margin: 0; font-weight: bold; }
  h2 { font-size: 11pt; margin: 18px 0 6px; }
  table { width: 100%; border-collapse: collapse; font-size: 9pt; }
  th { background: #e8e8e8; text-align: left; }
  th, td { padding: 4px 5px; border-bottom: 1px solid #bbb; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; }
  tfoot td { font-weight: bold; border-top: 1.5px solid #555; }
  .name { display: block; color: #333; }
  .notes { color: #555; font-size: 8pt; margin-top: 14px; }
  .signatures { display: flex; justify-content: space-between; margin-top: 28px; page-break-inside: avoid; }
  .signature { width: 70mm; text-align: center; }
  .signature .role { font-weight: bold; margin-bottom: 60px; }
  .signature .name { font-weight: bold; text-decoration: underline; min-height: 1.2em; }
  .demo { text-align: center; color: #a00000; font-weight: bold; }
  .signature .line { border-top: 1px solid #111; margin: 0 8mm; padding-top: 3px; text-align: left; }
`;

const cell = (text: string, numeric = false) =>
  `<td${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
const head = (text: string, numeric = false) =>
  `<th${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</th>`;

function programmeTable(statement: MonthlyReport, lang: Lang): string {
  const w = wordsFor(lang);
  if (statement.lines.length === 0) return `<p><em>${escapeHtml(w.noProgrammes)}</em></p>`;
  const rows = statement.lines.map(
    (l) =>
      `<tr><td><strong>${escapeHtml(l.programCode)}</strong><span class="name">${escapeHtml(l.programName)}</span></td>` +
      [count(l.workers), rupiah(l.billed), rupiah(l.paid), rupiah(l.credited), rupiah(l.outstanding)]
        .map((v) => cell(v, true))
        .join('') +
      `${cell(count(l.openExceptions), true)}</tr>`,
  );
  const t = statement.totals;
  const total = [
    count(t.workers),
    rupiah(t.billed),
    rupiah(t.paid),
    rupiah(t.credited),
    rupiah(t.outstanding),
  ];
  return `<table>
<thead><tr>${head(w.programme)}${[w.workers, w.billed, w.paid, w.credited, w.outstanding, w.openExceptions].map((h) => head(h, true)).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
<tfoot><tr>${cell(w.total)}${total.map((v) => cell(v, true)).join('')}${cell(count(t.openExceptions), true)}</tr></tfoot>
</table>`;
}

function paymentTable(statement: MonthlyReport, lang: Lang): string {
  const w = wordsFor(lang);
  const title = `<h2>${escapeHtml(w.payments)}</h2>`;
  if (statement.payments.length === 0) return `${title}<p><em>${escapeHtml(w.noPayments)}</em></p>`;
  const rows = statement.payments.map(
    (p) =>
      `<tr>${cell(p.sp2dNumber)}${cell(longDate(p.paidOn, lang))}${cell(p.programCode)}${cell(rupiah(p.amount), true)}${cell(p.reversed ? w.paymentReversed : w.paymentOk)}</tr>`,
  );
  return `${title}<table>
<thead><tr>${head(w.sp2d)}${head(w.paidOn)}${head(w.programme)}${head(w.amount, true)}${head(w.status)}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** Signed at the source's place by its head of agency and treasurer (blank where none is set). */
function signatures(statement: MonthlyReport, producedAt: string, lang: Lang): string {
  const block = (b: SignatureBlock) =>
    `<div class="signature"><div>${escapeHtml(b.above)}</div><div class="role">${escapeHtml(b.role)}</div><div class="name">${escapeHtml(b.name)}</div><div class="line">${escapeHtml(b.nip)}</div></div>`;
  return `<div class="signatures">${signatureBlocks(statement.fundingSource, producedAt, lang).map(block).join('')}</div>`;
}

export function renderMonthlyReportHtml(statement: MonthlyReport, producedAt: string, lang: Lang): string {
  const w = wordsFor(lang);
  const facts = headerFacts(statement, producedAt, lang)
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('\n');
  const title = `${w.title} - ${statement.fundingSource.code} - ${monthName(statement.period, lang)}`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(w.title)}</h1>
<p class="subtitle">${escapeHtml(w.subtitle)}</p>
${statement.demo ? `<p class="demo">${escapeHtml(demoNotice(lang))}</p>` : ''}
<hr>
<dl>
${facts}
</dl>
${programmeTable(statement, lang)}
${paymentTable(statement, lang)}
<div class="notes">${w.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('')}</div>
${signatures(statement, producedAt, lang)}
</body>
</html>
`;
}
