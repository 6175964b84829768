import { Page } from '../Layout';

export default function Customers() {
  return (
    <Page title="Customers">
      <p>Coming soon.</p>
    </Page>
  );
}
