import { Link } from 'react-router';
import { Page } from '../Layout';

export function NotFound({ what = 'page' }: { what?: string }) {
  return (
    <Page title="Not found">
      <p>This {what} does not exist, or it is not yours to see.</p>
      <p>
        <Link to="/">Back to the start</Link>
      </p>
    </Page>
  );
}

export default NotFound;
