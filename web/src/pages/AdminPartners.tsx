import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { PartnerRankingField } from '../gql/graphql';
import { Page } from '../Layout';
import { rangeSearch, useRange } from '../range';
import { RangePicker } from '../components/RangePicker';
import { SortHeader, type Sort } from '../components/SortHeader';
import { CopyButton } from '../components/Copy';
import { PasswordLinkButton } from '../components/PasswordLink';
import { formatInt, formatRate } from '../format';
import { errorMessage } from '../viewer';

const LeaderboardDoc = graphql(`
  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {
    partnerLeaderboard(range: $range, orderBy: $orderBy) {
      partner {
        id
        name
        email
        timezone
        hasPassword
        disabledAt
      }
      uniqueClicks
      returningClicks
      totalClicks
      conversions
      conversionRate
    }
  }
`);

const CreateDoc = graphql(`
  mutation CreatePartner($input: CreatePartnerInput!) {
    createPartner(input: $input) {
      partner {
        id
        name
      }
      token
      invitationURL
      invitationExpiresAt
    }
  }
`);

const columns: { key: PartnerRankingField; label: string; numeric: boolean }[] = [
  { key: 'NAME', label: 'Partner', numeric: false },
  { key: 'UNIQUE_CLICKS', label: 'Unique clicks', numeric: true },
  { key: 'RETURNING_CLICKS', label: 'Returning clicks', numeric: true },
  { key: 'TOTAL_CLICKS', label: 'Total clicks', numeric: true },
  { key: 'CONVERSIONS', label: 'Conversions', numeric: true },
  { key: 'CONVERSION_RATE', label: 'Conversion rate', numeric: true },
];

/** Admin: every partner over the range, ordered by the server (a leaderboard). */
export default function AdminPartners() {
  const [range, setRange, today] = useRange('UTC');
  const [sort, setSort] = useState<Sort<PartnerRankingField>>({ key: 'CONVERSIONS', dir: 'desc' });
  const orderBy = useMemo(() => ({ field: sort.key, direction: sort.dir === 'asc' ? ('ASC' as const) : ('DESC' as const) }), [sort]);
  const [{ data, error, fetching }, refetch] = useQuery({ query: LeaderboardDoc, variables: { range, orderBy } });
  const rows = data?.partnerLeaderboard ?? [];

  return (
    <Page title="Partners">
      <CreatePartner onCreated={() => refetch({ requestPolicy: 'network-only' })} />
      <RangePicker range={range} today={today} onChange={setRange} />
      <p className="hint">Each partner’s days are its own timezone’s.</p>
      {error && (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      )}
      {!data && fetching && <p role="status">Loading…</p>}
      {data && rows.length === 0 && <p>No partners yet.</p>}
      {rows.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table aria-label="Partners">
            <thead>
              <tr>
                <th scope="col">Rank</th>
                {columns.map((c) => (
                  <SortHeader key={c.key} label={c.label} column={c.key} sort={sort} onSort={setSort} numeric={c.numeric} />
                ))}
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.partner.id}>
                  <td className="num">{i + 1}</td>
                  <th scope="row">
                    <Link to={`/admin/partners/${r.partner.id}${rangeSearch(range)}`}>{r.partner.name}</Link>
                    <div className="hint">
                      {r.partner.email}
                      {r.partner.disabledAt ? ' · disabled' : ''}
                      {!r.partner.hasPassword ? ' · no password yet' : ''}
                    </div>
                  </th>
                  <td className="num">{formatInt(r.uniqueClicks)}</td>
                  <td className="num">{formatInt(r.returningClicks)}</td>
                  <td className="num">{formatInt(r.totalClicks)}</td>
                  <td className="num">{formatInt(r.conversions)}</td>
                  <td className="num">{formatRate(r.conversionRate)}</td>
                  <td>
                    <PasswordLinkButton partnerID={r.partner.id} name={r.partner.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function timezones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

function CreatePartner({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [timezone, setTimezone] = useState('UTC');
  const [result, create] = useMutation(CreateDoc);
  const [zones] = useState(timezones);
  const made = result.data?.createPartner;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await create({ input: { name: name.trim(), email: email.trim(), timezone: timezone.trim() || null } });
    if (!r.error) {
      setName('');
      setEmail('');
      onCreated();
    }
  }

  return (
    <section className="panel">
      <h2>New partner</h2>
      <form className="row" onSubmit={submit}>
        <label>
          Partner name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Partner email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Timezone
          <input value={timezone} onChange={(e) => setTimezone(e.target.value)} list="timezones" required />
        </label>
        <datalist id="timezones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <button type="submit" disabled={result.fetching}>
          Create partner
        </button>
      </form>
      <p className="hint">The timezone decides the partner’s days and cannot change later.</p>
      {result.error && (
        <p role="alert" className="error">
          {errorMessage(result.error)}
        </p>
      )}
      {made && (
        <div className="stack">
          <p className="warning">
            {made.partner.name} is created. Hand the invitation link to the partner (Reftrack sends no email); it is shown only
            now, works once and until {new Date(made.invitationExpiresAt).toLocaleString('en-GB')}.
          </p>
          <div className="row">
            <output className="secret" aria-label="Invitation link">
              {made.invitationURL}
            </output>
            <CopyButton text={made.invitationURL} label="Copy invitation link" />
          </div>
          <div className="row">
            <output className="secret" aria-label="Partner API token">
              {made.token}
            </output>
            <CopyButton text={made.token} label="Copy API token" />
          </div>
        </div>
      )}
    </section>
  );
}
