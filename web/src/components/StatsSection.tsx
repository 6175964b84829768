import type { StatsFieldsFragment } from '../gql/graphql';
import { StatCards } from './StatCards';
import { DailyChart } from './DailyChart';

/** The cards and the daily chart of one Stats, under an h2. */
export function StatsSection({ title, stats }: { title: string; stats: StatsFieldsFragment | null | undefined }) {
  return (
    <section>
      <h2 id="stats-heading">{title}</h2>
      {stats ? (
        <>
          <StatCards stats={stats} />
          <DailyChart daily={stats.daily} />
        </>
      ) : (
        <p role="status">Loading…</p>
      )}
    </section>
  );
}
