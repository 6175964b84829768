import { Page } from '../Layout';

export default function AdminPartners() {
  return (
    <Page title="AdminPartners">
      <p>Coming soon.</p>
    </Page>
  );
}
