import { useEffect, useState, type FormEvent } from 'react';
import { matchingPreset, PRESETS, presetRange, rangeProblem, type Range } from '../range';
import { formatDay } from '../format';

/** Presets and a custom range of at most 366 days; the range lives in the URL. */
export function RangePicker({ range, today, onChange }: { range: Range; today: string; onChange: (r: Range) => void }) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setFrom(range.from);
    setTo(range.to);
  }, [range.from, range.to]);
  const active = matchingPreset(range, today);

  function apply(e: FormEvent) {
    e.preventDefault();
    const r = { from, to };
    const p = rangeProblem(r);
    setProblem(p);
    if (p === null) onChange(r);
  }

  return (
    <section className="range" aria-label="Date range">
      <div className="presets" role="group" aria-label="Range presets">
        {PRESETS.map((p) => (
          <button key={p.id} type="button" aria-pressed={active === p.id} onClick={() => onChange(presetRange(p.id, today))}>
            {p.label}
          </button>
        ))}
      </div>
      <form className="custom" onSubmit={apply}>
        <label>
          From
          <input type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          To
          <input type="date" value={to} max={today} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <button type="submit">Apply</button>
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
      </form>
      <p className="current" aria-live="polite">
        Showing {formatDay(range.from)} – {formatDay(range.to)}
      </p>
    </section>
  );
}
