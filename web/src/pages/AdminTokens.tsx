import { Page } from '../Layout';

export default function AdminTokens() {
  return (
    <Page title="AdminTokens">
      <p>Coming soon.</p>
    </Page>
  );
}
