import { Page } from '../Layout';

export default function AdminPartner() {
  return (
    <Page title="AdminPartner">
      <p>Coming soon.</p>
    </Page>
  );
}
