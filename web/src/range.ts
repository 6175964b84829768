import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

// Days are YYYY-MM-DD strings in the partner's timezone, as the API's Date
// scalar; arithmetic on them goes through UTC midnight, which has no DST.

export const MAX_DAYS = 366;

export interface Range {
  from: string;
  to: string;
}

export function todayIn(timezone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const DAY = 86_400_000;

function toUTC(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function fromUTC(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return fromUTC(toUTC(day) + n * DAY);
}

export function daysIn(r: Range): number {
  return Math.round((toUTC(r.to) - toUTC(r.from)) / DAY) + 1;
}

export function isDay(s: string | null): s is string {
  return s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(toUTC(s)) && fromUTC(toUTC(s)) === s;
}

export type Preset = 'today' | '7' | '30' | '90' | 'this-month' | 'last-month';

export const PRESETS: { id: Preset; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: '7', label: 'Last 7 days' },
  { id: '30', label: 'Last 30 days' },
  { id: '90', label: 'Last 90 days' },
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
];

export function presetRange(p: Preset, today: string): Range {
  switch (p) {
    case 'today':
      return { from: today, to: today };
    case '7':
    case '30':
    case '90':
      return { from: addDays(today, 1 - Number(p)), to: today };
    case 'this-month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last-month': {
      const firstOfThis = `${today.slice(0, 8)}01`;
      const lastOfPrev = addDays(firstOfThis, -1);
      return { from: `${lastOfPrev.slice(0, 8)}01`, to: lastOfPrev };
    }
  }
}

export function matchingPreset(r: Range, today: string): Preset | null {
  return PRESETS.find((p) => {
    const q = presetRange(p.id, today);
    return q.from === r.from && q.to === r.to;
  })?.id ?? null;
}

/** Why a range cannot be used, or null. */
export function rangeProblem(r: Range): string | null {
  if (!isDay(r.from) || !isDay(r.to)) return 'Enter both dates.';
  if (r.from > r.to) return 'The start date must not be after the end date.';
  if (daysIn(r) > MAX_DAYS) return `A range can be at most ${MAX_DAYS} days long.`;
  return null;
}

/**
 * The range in the page's URL (?from=&to=), by default the last 7 days
 * ending today in timezone. An unusable range in the URL falls back to the
 * default.
 */
export function useRange(timezone: string): [Range, (r: Range) => void, string] {
  const [params, setParams] = useSearchParams();
  const today = todayIn(timezone);
  const from = params.get('from');
  const to = params.get('to');
  const range = useMemo<Range>(() => {
    const r = { from: from ?? '', to: to ?? '' };
    return rangeProblem(r) === null ? r : presetRange('7', today);
  }, [from, to, today]);
  const setRange = useCallback(
    (r: Range) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('from', r.from);
          next.set('to', r.to);
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );
  return [range, setRange, today];
}

/** The search string that carries a range to another page. */
export function rangeSearch(r: Range): string {
  return `?from=${r.from}&to=${r.to}`;
}
