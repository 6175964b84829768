import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useClient, useMutation } from 'urql';
import { graphql } from '../gql';
import type { RefTagRowFragment } from '../gql/graphql';
import { Page } from '../Layout';
import { useRange, type Range } from '../range';
import { RangePicker } from '../components/RangePicker';
import { compare, SortHeader, type Sort } from '../components/SortHeader';
import { CopyButton } from '../components/Copy';
import { formatInt, formatRate } from '../format';
import { download, toCSV } from '../csv';
import { errorMessage, usePartner } from '../viewer';

graphql(`
  fragment RefTagRow on RefTag {
    id
    name
    code
    stats(range: $range) {
      uniqueClicks
      returningClicks
      totalClicks
      conversions
      conversionRate
    }
  }
`);

const RefTagsDoc = graphql(`
  query RefTags($range: DateRange!, $after: Cursor) {
    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...RefTagRow
        }
      }
    }
  }
`);

const CreateDoc = graphql(`
  mutation CreateRefTag($input: CreateRefTagInput!) {
    createRefTag(input: $input) {
      id
      name
      code
    }
  }
`);

const RenameDoc = graphql(`
  mutation RenameRefTag($input: UpdateRefTagInput!) {
    updateRefTag(input: $input) {
      id
      name
    }
  }
`);

type Key = 'name' | 'code' | 'uniqueClicks' | 'returningClicks' | 'totalClicks' | 'conversions' | 'conversionRate';

const columns: { key: Key; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'code', label: 'Code', numeric: false },
  { key: 'uniqueClicks', label: 'Unique clicks', numeric: true },
  { key: 'returningClicks', label: 'Returning clicks', numeric: true },
  { key: 'totalClicks', label: 'Total clicks', numeric: true },
  { key: 'conversions', label: 'Conversions', numeric: true },
  { key: 'conversionRate', label: 'Conversion rate', numeric: true },
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
    const rows = sorted.map((t) => [
      t.name,
      t.code,
      t.stats.uniqueClicks,
      t.stats.returningClicks,
      t.stats.totalClicks,
      t.stats.conversions,
      formatRate(t.stats.conversionRate),
    ]);
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
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <h2>Tags</h2>
      {!tags && !error && <p role="status">Loading…</p>}
      {tags && tags.length === 0 && <p>No ref tags yet. Click “Ref Tag” to create one.</p>}
      {tags && tags.length > 0 && (
        <>
          <p className="row">
            <button type="button" className="secondary" onClick={exportCSV}>
              Export CSV
            </button>
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table aria-label="Ref tags">
              <thead>
                <tr>
                  {columns.map((c) => (
                    <SortHeader key={c.key} label={c.label} column={c.key} sort={sort} onSort={setSort} numeric={c.numeric} />
                  ))}
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((t) => (
                  <TagRow key={t.id} tag={t} onRenamed={reload} />
                ))}
              </tbody>
            </table>
          </div>
          <LinkBuilder tags={sorted} />
        </>
      )}
    </Page>
  );
}

function NewTag({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [result, create] = useMutation(CreateDoc);
  const [created, setCreated] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    const r = await create({ input: { name: name.trim() } });
    if (!r.error && r.data) {
      setCreated(`Created “${r.data.createRefTag.name}” with code ${r.data.createRefTag.code}.`);
      setName('');
      setOpen(false);
      onCreated();
    }
  }

  if (!open) {
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
  return (
    <form onSubmit={save} className="row panel">
      <label>
        New tag name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus />
      </label>
      <button type="submit" disabled={result.fetching}>
        Save
      </button>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {result.error && (
        <p role="alert" className="error">
          {errorMessage(result.error)}
        </p>
      )}
    </form>
  );
}

function TagRow({ tag, onRenamed }: { tag: RefTagRowFragment; onRenamed: () => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(tag.name);
  const [result, rename] = useMutation(RenameDoc);

  async function save(e: FormEvent) {
    e.preventDefault();
    const r = await rename({ input: { id: tag.id, name: name.trim() } });
    if (!r.error) {
      setEditing(false);
      onRenamed();
    }
  }

  return (
    <tr>
      <th scope="row">
        {editing ? (
          <form onSubmit={save} className="row">
            <label>
              <span className="sr-only">New name for {tag.name}</span>
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus />
            </label>
            <button type="submit" disabled={result.fetching}>
              Save
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setEditing(false);
                setName(tag.name);
              }}
            >
              Cancel
            </button>
            {result.error && (
              <p role="alert" className="error">
                {errorMessage(result.error)}
              </p>
            )}
          </form>
        ) : (
          tag.name
        )}
      </th>
      <td>
        <code>{tag.code}</code>
      </td>
      <td className="num">{formatInt(tag.stats.uniqueClicks)}</td>
      <td className="num">{formatInt(tag.stats.returningClicks)}</td>
      <td className="num">{formatInt(tag.stats.totalClicks)}</td>
      <td className="num">{formatInt(tag.stats.conversions)}</td>
      <td className="num">{formatRate(tag.stats.conversionRate)}</td>
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

/** page with ?ref=code added, its own query and fragment kept; null when page is no http(s) URL. */
export function withRef(page: string, code: string): string | null {
  let u: URL;
  try {
    u = new URL(page.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.searchParams.set('ref', code);
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
        <label>
          Page of your site
          <input type="text" inputMode="url" value={page} onChange={(e) => setPage(e.target.value)} size={40} placeholder="https://" />
        </label>
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
      {page.trim() !== '' && !link && (
        <p role="alert" className="error">
          Enter a whole address, starting with https:// or http://.
        </p>
      )}
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
