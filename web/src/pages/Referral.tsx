import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { useRange } from '../range';
import { RangePicker } from '../components/RangePicker';
import { StatsSection } from '../components/StatsSection';
import { CopyButton } from '../components/Copy';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Loading } from '../components/Loading';
import { useDebounced } from '../hooks';
import { errorMessage, usePartner } from '../viewer';

const ReferralDoc = graphql(`
  query Referral($range: DateRange!) {
    me {
      id
      referralURL { id slug url redirectURL stats(range: $range) { ...StatsFields } }
    }
  }
`);

const SlugDoc = graphql(`
  query SlugAvailable($slug: String!) { slugAvailable(slug: $slug) { slug status reason } }
`);

const CreateDoc = graphql(`
  mutation CreateReferralURL($input: CreateReferralURLInput!) { createReferralURL(input: $input) { id slug url redirectURL } }
`);

const UpdateDoc = graphql(`
  mutation UpdateReferralURL($input: UpdateReferralURLInput!) { updateReferralURL(input: $input) { id redirectURL } }
`);

const WARNING =
  'Please note: once a referral URL is chosen you can’t edit it in future, so please choose your referral URL carefully.';

export default function Referral() {
  const partner = usePartner();
  const [range, setRange, today] = useRange(partner.timezone);
  const [{ data, error, fetching }, refetch] = useQuery({ query: ReferralDoc, variables: { range } });
  const ref = data?.me?.referralURL;
  return (
    <Page title="Referral URL">
      <p className="hint">
        Your referral URL is the link you share: everyone who signs up after following it is counted as your customer.
      </p>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && !ref && <ChooseSlug onCreated={() => refetch({ requestPolicy: 'network-only' })} />}
      {ref && (
        <>
          <section className="panel">
            <h2 id="link-heading">Your link</h2>
            <p className="row">
              <a href={ref.url} className="link">
                {ref.url}
              </a>
              <CopyButton text={ref.url} label="Copy link" />
            </p>
            <QRCode url={ref.url} slug={ref.slug} />
          </section>
          <RedirectForm current={ref.redirectURL} />
          <RangePicker range={range} today={today} onChange={setRange} />
          <StatsSection title="This link’s clicks and conversions" stats={ref.stats} />
        </>
      )}
    </Page>
  );
}

function ChooseSlug({ onCreated }: { onCreated: () => void }) {
  const [slug, setSlug] = useState('');
  const [redirect, setRedirect] = useState('');
  const [confirming, setConfirming] = useState(false);
  const typed = useDebounced(slug.trim(), 250);
  const [check] = useQuery({ query: SlugDoc, variables: { slug: typed }, pause: typed === '', requestPolicy: 'network-only' });
  const [created, create] = useMutation(CreateDoc);
  const availability = typed === slug.trim() ? check.data?.slugAvailable : undefined;
  const base = `${window.location.origin}/r/`;

  function next(e: FormEvent) {
    e.preventDefault();
    if (availability?.status === 'AVAILABLE') setConfirming(true);
  }

  async function confirm() {
    const r = await create({ input: { slug: slug.trim(), redirectURL: redirect.trim() } });
    if (!r.error) onCreated();
  }

  if (confirming) {
    return (
      <section className="panel">
        <h2 id="confirm-heading">Confirm your referral URL</h2>
        <p>
          Your referral URL will be <strong>{base + slug.trim()}</strong>, redirecting to <strong>{redirect.trim()}</strong>.
        </p>
        <p className="warning">{WARNING} The slug can never change; the redirect URL can.</p>
        <ErrorAlert error={created.error} />
        <p className="row">
          <button type="button" onClick={() => void confirm()} disabled={created.fetching}>
            Create referral URL
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Back
          </button>
        </p>
      </section>
    );
  }

  return (
    <section className="panel">
      <h2 id="choose-heading">Choose your referral URL</h2>
      <p className="warning">{WARNING}</p>
      <form onSubmit={next} className="stack">
        <Field
          label="Slug"
          value={slug}
          onValue={(v) => setSlug(v.toLowerCase())}
          required
          minLength={3}
          maxLength={32}
          autoComplete="off"
          aria-describedby="slug-hint slug-status"
        />
        <p id="slug-hint" className="hint">
          3 to 32 lowercase letters, digits and hyphens. Your link: {base}
          {slug.trim() || '…'}
        </p>
        <p id="slug-status" role="status" className={availability?.status === 'AVAILABLE' ? 'ok' : 'error'}>
          {slug.trim() === ''
            ? ''
            : !availability
              ? ''
              : availability.status === 'AVAILABLE'
                ? `“${availability.slug}” is available.`
                : `Not available: ${availability.reason ?? `“${availability.slug}” is taken.`}`}
        </p>
        <Field label="Redirect URL" type="url" value={redirect} onValue={setRedirect} required placeholder="https://" />
        <p className="hint">The page a visitor sees after clicking your link. You can change it at any time.</p>
        <button type="submit" disabled={availability?.status !== 'AVAILABLE'}>
          Continue
        </button>
      </form>
    </section>
  );
}

function RedirectForm({ current }: { current: string }) {
  const [value, setValue] = useState(current);
  const [saved, setSaved] = useState(false);
  const [result, update] = useMutation(UpdateDoc);
  useEffect(() => setValue(current), [current]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const r = await update({ input: { redirectURL: value.trim() } });
    if (!r.error) setSaved(true);
  }

  return (
    <section className="panel">
      <h2 id="redirect-heading">Redirect URL</h2>
      <form onSubmit={save} className="row">
        <Field
          label="Redirect URL"
          type="text"
          inputMode="url"
          value={value}
          onValue={(v) => {
            setValue(v);
            setSaved(false);
          }}
          required
          size={50}
          aria-invalid={result.error ? true : undefined}
          aria-describedby="redirect-error"
        />
        <button type="submit" disabled={result.fetching}>
          Save redirect URL
        </button>
      </form>
      <p id="redirect-error" role="alert" className="error">
        {result.error ? errorMessage(result.error) : ''}
      </p>
      <p role="status" className="ok">
        {saved ? 'Saved.' : ''}
      </p>
    </section>
  );
}

function QRCode({ url, slug }: { url: string; slug: string }) {
  const [png, setPng] = useState<string | null>(null);
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode').then(async (q) => {
      const p = await q.toDataURL(url, { margin: 2, width: 768, errorCorrectionLevel: 'M' });
      const s = await q.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      if (live) {
        setPng(p);
        setSvg(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(s)}`);
      }
    });
    return () => {
      live = false;
    };
  }, [url]);
  if (!png || !svg) return null;
  return (
    <div className="qr">
      <img src={png} alt={`QR code of ${url}`} />
      <p className="row">
        <a href={png} download={`referral-${slug}.png`}>
          Download QR code (PNG)
        </a>
        <a href={svg} download={`referral-${slug}.svg`}>
          Download QR code (SVG)
        </a>
      </p>
    </div>
  );
}
