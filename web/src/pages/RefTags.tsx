import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useClient, useMutation, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { RefTagRowFragment } from '../gql/graphql';
import { Page } from '../Layout';
import { useRange, type Range } from '../range';
import { RangePicker } from '../components/RangePicker';
import { compare, SortHeader, type Sort } from '../components/SortHeader';
import { CopyButton } from '../components/Copy';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Loading } from '../components/Loading';
import { StatCells, statValue, STAT_COLUMNS, type RowTotals } from '../components/StatColumns';
import { Table } from '../components/Table';
import { download, toCSV } from '../csv';
import { errorMessage, usePartner } from '../viewer';

graphql(`
  fragment RefTagRow on RefTag {
    id name code
    stats(range: $range) { uniqueClicks returningClicks totalClicks conversions conversionRate }
  }
`);

const RefTagsDoc = graphql(`
  query RefTags($range: DateRange!, $after: Cursor) {
    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      edges { node { ...RefTagRow } }
    }
  }
`);

const CreateDoc = graphql(`
  mutation CreateRefTag($input: CreateRefTagInput!) { createRefTag(input: $input) { id name code } }
`);

const RenameDoc = graphql(`
  mutation RenameRefTag($input: UpdateRefTagInput!) { updateRefTag(input: $input) { id name } }
`);

type Key = 'name' | 'code' | keyof RowTotals;

const columns: { key: Key; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'code', label: 'Code', numeric: false },
  ...STAT_COLUMNS.map((c) => ({ key: c.key, label: c.label, numeric: true })),
];

function value(t: RefTagRowFragment, k: Key): string | number {
  return k === 'name' || k === 'code' ? t[k] : t.stats[k];
}

/** Every ref tag with its stats over range, all pages of them. */
function useAllRefTags(range: Range) {
  const client = useClient();
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{ tags: RefTagRowFragment[] | null; error: string | null }>({ tags: null, error: null });
  useEffect(() => {
    let live = true;
    void (async () => {
      const tags: RefTagRowFragment[] = [];
      let after: string | null | undefined = null;
      for (;;) {
        const r = await client.query(RefTagsDoc, { range, after }, { requestPolicy: 'network-only' }).toPromise();
        if (!live) return;
        if (r.error || !r.data) {
          setState({ tags: null, error: r.error ? errorMessage(r.error) : 'no data' });
          return;
        }
        tags.push(...(r.data.refTags.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])));
        if (!r.data.refTags.pageInfo.hasNextPage) break;
        after = r.data.refTags.pageInfo.endCursor;
      }
      setState({ tags, error: null });
    })();
    return () => {
      live = false;
    };
  }, [client, range, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}

export default function RefTags() {
  const partner = usePartner();
  const [range, setRange, today] = useRange(partner.timezone);
  const { tags, error, reload } = useAllRefTags(range);
  const [sort, setSort] = useState<Sort<Key>>({ key: 'name', dir: 'asc' });
  const sorted = useMemo(
    () => (tags ? [...tags].sort((a, b) => compare(value(a, sort.key), value(b, sort.key), sort.dir) || compare(a.code, b.code, 'asc')) : []),
    [tags, sort],
  );

  function exportCSV() {
    const rows = sorted.map((t) => [t.name, t.code, ...STAT_COLUMNS.map((c) => statValue(t.stats, c.key))]);
    download(`ref-tags-${range.from}-to-${range.to}.csv`, toCSV(columns.map((c) => c.label), rows));
  }

  return (
    <Page title="Ref tags">
      <p className="hint">
        A ref tag tracks one campaign: add <code>?ref=CODE</code> to any page of the site and every click and signup through it
        is counted here.
      </p>
      <NewTag onCreated={reload} />
      <RangePicker range={range} today={today} onChange={setRange} />
      <ErrorAlert error={error} />
      <h2>Tags</h2>
      {!tags && !error && <Loading />}
      {tags && tags.length === 0 && <p>No ref tags yet. Click “Ref Tag” to create one.</p>}
      {tags && tags.length > 0 && (
        <>
          <p className="row">
            <button type="button" className="secondary" onClick={exportCSV}>
              Export CSV
            </button>
          </p>
          <Table
            label="Ref tags"
            head={columns.map((c) => <SortHeader key={c.key} label={c.label} column={c.key} sort={sort} onSort={setSort} numeric={c.numeric} />)}
            actions
          >
            {sorted.map((t) => (
              <TagRow key={t.id} tag={t} onRenamed={reload} />
            ))}
          </Table>
          <LinkBuilder tags={sorted} />
        </>
      )}
    </Page>
  );
}

/** A name typed and saved (a new tag, a new name), or given up. */
function NameForm({
  label,
  initial = '',
  className,
  result,
  onSave,
  onCancel,
}: {
  label: ReactNode;
  initial?: string;
  className: string;
  result: { fetching: boolean; error?: CombinedError };
  onSave: (name: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  function submit(e: FormEvent) {
    e.preventDefault();
    onSave(name.trim());
  }
  return (
    <form onSubmit={submit} className={className}>
      <Field label={label} value={name} onValue={setName} required maxLength={200} autoFocus />
      <button type="submit" disabled={result.fetching}>
        Save
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
      <ErrorAlert error={result.error} />
    </form>
  );
}

function NewTag({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const [result, create] = useMutation(CreateDoc);
  const [created, setCreated] = useState<string | null>(null);

  async function save(name: string) {
    const r = await create({ input: { name } });
    if (!r.error && r.data) {
      setCreated(`Created “${r.data.createRefTag.name}” with code ${r.data.createRefTag.code}.`);
      setOpen(false);
      onCreated();
    }
  }

  if (open) {
    return <NameForm label="New tag name" className="row panel" result={result} onSave={(n) => void save(n)} onCancel={() => setOpen(false)} />;
  }
  return (
    <p className="row">
      <button
        type="button"
        onClick={() => {
          setOpen(true);
          setCreated(null);
        }}
      >
        Ref Tag
      </button>
      <span role="status" className="ok">
        {created ?? ''}
      </span>
    </p>
  );
}

function TagRow({ tag, onRenamed }: { tag: RefTagRowFragment; onRenamed: () => void }) {
  const [editing, setEditing] = useState(false);
  const [result, rename] = useMutation(RenameDoc);

  async function save(name: string) {
    const r = await rename({ input: { id: tag.id, name } });
    if (!r.error) {
      setEditing(false);
      onRenamed();
    }
  }

  return (
    <tr>
      <th scope="row">
        {editing ? (
          <NameForm
            label={<span className="sr-only">New name for {tag.name}</span>}
            initial={tag.name}
            className="row"
            result={result}
            onSave={(n) => void save(n)}
            onCancel={() => setEditing(false)}
          />
        ) : (
          tag.name
        )}
      </th>
      <td>
        <code>{tag.code}</code>
      </td>
      <StatCells totals={tag.stats} />
      <td>
        {!editing && (
          <button type="button" className="secondary" aria-label={`Rename ${tag.name}`} onClick={() => setEditing(true)}>
            Rename
          </button>
        )}
      </td>
    </tr>
  );
}

/**
 * page with ?ref=code (or &ref=code) added, its own query kept as written
 * (searchParams would re-encode it) but for an earlier ref, and its
 * fragment kept; null when page is no http(s) URL.
 */
export function withRef(page: string, code: string): string | null {
  let u: URL;
  try {
    u = new URL(page.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const own = u.search
    .slice(1)
    .split('&')
    .filter((p) => p !== '' && new URLSearchParams(p).keys().next().value !== 'ref');
  u.search = [...own, `ref=${encodeURIComponent(code)}`].join('&');
  return u.toString();
}

function LinkBuilder({ tags }: { tags: RefTagRowFragment[] }) {
  const [page, setPage] = useState('');
  const [code, setCode] = useState(tags[0]?.code ?? '');
  const link = page.trim() && code ? withRef(page, code) : null;
  return (
    <section className="panel">
      <h2>Link builder</h2>
      <div className="row">
        <Field label="Page of your site" type="text" inputMode="url" value={page} onValue={setPage} size={40} placeholder="https://" />
        <label>
          Tag
          <select value={code} onChange={(e) => setCode(e.target.value)}>
            {tags.map((t) => (
              <option key={t.id} value={t.code}>
                {t.name} ({t.code})
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorAlert error={page.trim() !== '' && !link ? 'Enter a whole address, starting with https:// or http://.' : null} />
      {link && (
        <div className="row">
          <label>
            Tagged link
            <input type="text" readOnly value={link} size={60} />
          </label>
          <CopyButton text={link} label="Copy tagged link" />
        </div>
      )}
    </section>
  );
}
