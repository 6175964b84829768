import { Page } from '../Layout';

export default function Referral() {
  return (
    <Page title="Referral">
      <p>Coming soon.</p>
    </Page>
  );
}
