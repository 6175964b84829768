import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { PartnerRankingField } from '../gql/graphql';
import { Page } from '../Layout';
import { rangeSearch, useRange } from '../range';
import { RangePicker } from '../components/RangePicker';
import { SortHeader, type Sort } from '../components/SortHeader';
import { PasswordLinkButton } from '../components/PasswordLink';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Loading } from '../components/Loading';
import { Secret } from '../components/Secret';
import { StatCells, STAT_COLUMNS } from '../components/StatColumns';
import { Table } from '../components/Table';

const LeaderboardDoc = graphql(`
  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {
    partnerLeaderboard(range: $range, orderBy: $orderBy) {
      partner { id name email timezone hasPassword disabledAt }
      uniqueClicks returningClicks totalClicks conversions conversionRate
    }
  }
`);

const CreateDoc = graphql(`
  mutation CreatePartner($input: CreatePartnerInput!) {
    createPartner(input: $input) {
      partner { id name }
      token invitationURL invitationExpiresAt
    }
  }
`);

const columns: { key: PartnerRankingField; label: string; numeric: boolean }[] = [
  { key: 'NAME', label: 'Partner', numeric: false },
  ...STAT_COLUMNS.map((c) => ({ key: c.field, label: c.label, numeric: true })),
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
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && rows.length === 0 && <p>No partners yet.</p>}
      {rows.length > 0 && (
        <Table
          label="Partners"
          head={[
            'Rank',
            ...columns.map((c) => <SortHeader key={c.key} label={c.label} column={c.key} sort={sort} onSort={setSort} numeric={c.numeric} />),
          ]}
          actions
        >
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
              <StatCells totals={r} />
              <td>
                <PasswordLinkButton partnerID={r.partner.id} name={r.partner.name} />
              </td>
            </tr>
          ))}
        </Table>
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
        <Field label="Partner name" value={name} onValue={setName} required />
        <Field label="Partner email" type="email" value={email} onValue={setEmail} required />
        <Field label="Timezone" value={timezone} onValue={setTimezone} list="timezones" required />
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
      <ErrorAlert error={result.error} />
      {made && (
        <div className="stack">
          <p className="warning">
            {made.partner.name} is created. Hand the invitation link to the partner (Reftrack sends no email); it is shown only
            now, works once and until {new Date(made.invitationExpiresAt).toLocaleString('en-GB')}.
          </p>
          <Secret label="Invitation link" value={made.invitationURL} copy="Copy invitation link" />
          <Secret label="Partner API token" value={made.token} copy="Copy API token" />
        </div>
      )}
    </section>
  );
}
