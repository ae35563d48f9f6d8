import { jsonForScript } from '../render.js';

/**
 * What console.js hands to Chart.js: labels and series of exact decimal strings (whole rupiah, or
 * percentages), never JS floats. A series may be drawn as a line over bars (a target); `dashedFrom` dashes
 * the lines after that label (a forecast); a null value leaves a gap.
 */
export interface ChartData {
  kind: 'bar' | 'line';
  unit?: 'rupiah' | 'percent';
  /** Bars along the vertical axis, for long labels such as regency names. */
  horizontal?: boolean;
  dashedFrom?: number;
  labels: string[];
  series: { label: string; values: (string | null)[]; kind?: 'bar' | 'line' }[];
}

/**
 * A chart drawn by console.js from a JSON block beside its canvas (no inline script, so the CSP stays
 * strict). A chart is a picture of a table that the page also shows: the canvas carries a one-sentence
 * description, and the numbers stay readable in the table without JavaScript and to a screen reader.
 */
export function Chart({ id, description, data }: { id: string; description: string; data: ChartData }) {
  return (
    <div class="chart">
      <canvas id={id} role="img" aria-label={description}></canvas>
      <script
        type="application/json"
        data-chart-for={id}
        dangerouslySetInnerHTML={{ __html: jsonForScript(data) }}
      ></script>
    </div>
  );
}
