import { Page } from '../Layout';

export default function Settings() {
  return (
    <Page title="Settings">
      <p>Coming soon.</p>
    </Page>
  );
}
