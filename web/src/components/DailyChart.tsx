import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDay, formatInt } from '../format';

function shortDay(sec: number): string {
  return new Date(sec * 1000).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
}

export interface Day {
  date: string;
  uniqueClicks: number;
  returningClicks: number;
  conversions: number;
}

const series = [
  { key: 'uniqueClicks', label: 'Unique clicks', stroke: '#1d4ed8' },
  { key: 'returningClicks', label: 'Returning clicks', stroke: '#0f766e' },
  { key: 'conversions', label: 'Conversions', stroke: '#b91c1c' },
] as const;

/** The daily series as a line chart (uPlot, canvas), and as a table for screen readers and copying. */
export function DailyChart({ daily }: { daily: Day[] }) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Days are UTC midnights shown as UTC: the API's days are already the partner's.
    const xs = daily.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
    const data: uPlot.AlignedData = [xs, ...series.map((s) => daily.map((d) => d[s.key]))];
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: 260,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, max)] } },
      axes: [
        {
          // Whole days only; a day as "5 Dec".
          incrs: [1, 2, 7, 14, 28, 91].map((d) => d * 86400),
          values: (_u, splits) => splits.map((v) => shortDay(v)),
        },
        { values: (_u, vals) => vals.map((v) => (Number.isInteger(v) ? formatInt(v) : '')) }],
      series: [
        { label: 'Day', value: (_u, v) => (v == null ? '' : formatDay(new Date(v * 1000).toISOString().slice(0, 10))) },
        ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, points: { show: daily.length <= 31 } })),
      ],
    };
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 260 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [daily]);

  return (
    <figure className="chart">
      <div ref={box} role="img" aria-label="Chart of unique clicks, returning clicks and conversions per day; the same numbers are in the table below." />
      <figcaption>
        <details>
          <summary>Daily numbers</summary>
          <div className="table-wrap" tabIndex={0}>
          <table>
            <caption className="sr-only">Clicks and conversions per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {daily.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{formatDay(d.date)}</th>
                  {series.map((s) => (
                    <td key={s.key}>{formatInt(d[s.key])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
