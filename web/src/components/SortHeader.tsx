export type Dir = 'asc' | 'desc';

export interface Sort<K extends string> {
  key: K;
  dir: Dir;
}

/** A column header that sorts the table by its column; aria-sort says how it is sorted. */
export function SortHeader<K extends string>({
  label,
  column,
  sort,
  onSort,
  numeric = false,
}: {
  label: string;
  column: K;
  sort: Sort<K>;
  onSort: (s: Sort<K>) => void;
  numeric?: boolean;
}) {
  const active = sort.key === column;
  const next: Dir = active ? (sort.dir === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc';
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" onClick={() => onSort({ key: column, dir: next })}>
        {label}
        <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

export function compare(a: string | number, b: string | number, dir: Dir): number {
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return dir === 'asc' ? c : -c;
}
