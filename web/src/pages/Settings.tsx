import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { ErrorAlert } from '../components/ErrorAlert';
import { Facts } from '../components/Facts';
import { Secret } from '../components/Secret';
import { Sessions } from '../components/Sessions';
import { usePartner } from '../viewer';

const RotateDoc = graphql(`
  mutation RotateToken { rotateToken }
`);

export default function Settings() {
  const partner = usePartner();
  const [confirming, setConfirming] = useState(false);
  const [rotated, rotate] = useMutation(RotateDoc);
  const token = rotated.data?.rotateToken;

  return (
    <Page title="Settings">
      <section className="panel">
        <h2>Account</h2>
        <Facts
          items={[
            ['Name', partner.name],
            ['Email', partner.email],
            ['Timezone', partner.timezone],
          ]}
        />
        <p className="hint">
          Your days are counted in this timezone: each click and signup is added to the count of its day as it happens, so a
          day’s numbers are fixed when it ends. Changing the timezone would not move those counts into the new days, so it is
          set once, when your account is made. Ask your program’s admin if it is wrong.
        </p>
      </section>

      <section className="panel">
        <h2>API token</h2>
        <p>
          Scripts use your API token (<code>Authorization: Bearer …</code>) to read your numbers from the GraphQL API. It was
          shown once, when your account was made. A new one replaces it: the old one stops working at once.
        </p>
        {token ? (
          <>
            <p className="warning">This is the only time the new token is shown. Copy it now.</p>
            <Secret label="New API token" value={token} copy="Copy token" />
          </>
        ) : confirming ? (
          <p className="row">
            <span>The current token stops working at once.</span>
            <button type="button" className="danger" onClick={() => void rotate({})} disabled={rotated.fetching}>
              Replace the token
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </p>
        ) : (
          <p>
            <button type="button" onClick={() => setConfirming(true)}>
              New API token
            </button>
          </p>
        )}
        <ErrorAlert error={rotated.error} />
      </section>

      <Sessions timezone={partner.timezone} everywhere />

      <section className="panel">
        <h2>Playground</h2>
        <p>
          The <Link to="/playground">Playground</Link> runs GraphQL queries against your own data, signed in as you.
        </p>
      </section>
    </Page>
  );
}
