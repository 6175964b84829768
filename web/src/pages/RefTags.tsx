import { Page } from '../Layout';

export default function RefTags() {
  return (
    <Page title="RefTags">
      <p>Coming soon.</p>
    </Page>
  );
}
