import { formatInt, formatRate } from '../format';

export interface Totals {
  uniqueClicks: number;
  returningClicks: number;
  totalClicks: number;
  botClicks: number;
  conversions: number;
  conversionRate: number;
}

/** One card per number, each a region named by its label. */
export function StatCards({ stats }: { stats: Totals }) {
  const cards: [string, string][] = [
    ['Unique clicks', formatInt(stats.uniqueClicks)],
    ['Returning clicks', formatInt(stats.returningClicks)],
    ['Total clicks', formatInt(stats.totalClicks)],
    ['Bot clicks', formatInt(stats.botClicks)],
    ['Conversions', formatInt(stats.conversions)],
    ['Conversion rate', formatRate(stats.conversionRate)],
  ];
  return (
    <div className="cards">
      {cards.map(([label, value]) => (
        <section key={label} className="card" aria-label={label}>
          <h3>{label}</h3>
          <p className="value">{value}</p>
        </section>
      ))}
    </div>
  );
}
