import type { PartnerRankingField } from '../gql/graphql';
import { formatInt, formatRate } from '../format';

/** The counts of a table row: a ref tag's or a partner's over the range. */
export interface RowTotals {
  uniqueClicks: number;
  returningClicks: number;
  totalClicks: number;
  conversions: number;
  conversionRate: number;
}

/** The numeric columns of the tables of stats, with the field the server sorts the leaderboard by. */
export const STAT_COLUMNS: { key: keyof RowTotals; field: PartnerRankingField; label: string }[] = [
  { key: 'uniqueClicks', field: 'UNIQUE_CLICKS', label: 'Unique clicks' },
  { key: 'returningClicks', field: 'RETURNING_CLICKS', label: 'Returning clicks' },
  { key: 'totalClicks', field: 'TOTAL_CLICKS', label: 'Total clicks' },
  { key: 'conversions', field: 'CONVERSIONS', label: 'Conversions' },
  { key: 'conversionRate', field: 'CONVERSION_RATE', label: 'Conversion rate' },
];

/** A count as shown (and exported): the rate as a percentage. */
export function statValue(t: RowTotals, key: keyof RowTotals): string | number {
  return key === 'conversionRate' ? formatRate(t[key]) : t[key];
}

/** A row's numbers, one cell per STAT_COLUMNS entry. */
export function StatCells({ totals }: { totals: RowTotals }) {
  return (
    <>
      {STAT_COLUMNS.map((c) => (
        <td key={c.key} className="num">
          {c.key === 'conversionRate' ? formatRate(totals[c.key]) : formatInt(totals[c.key])}
        </td>
      ))}
    </>
  );
}
