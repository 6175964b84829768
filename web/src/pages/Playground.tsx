import { Page } from '../Layout';

export default function Playground() {
  return (
    <Page title="Playground">
      <p>Coming soon.</p>
    </Page>
  );
}
