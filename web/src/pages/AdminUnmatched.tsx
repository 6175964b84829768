import { Page } from '../Layout';

export default function AdminUnmatched() {
  return (
    <Page title="AdminUnmatched">
      <p>Coming soon.</p>
    </Page>
  );
}
