import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorAlert } from './ErrorAlert';
import { Secret } from './Secret';

const IssueDoc = graphql(`
  mutation IssuePasswordLink($partnerID: ID!) {
    issuePasswordLink(partnerID: $partnerID) { url expiresAt }
  }
`);

/** Admin: a new one-time link on which a partner sets its password; no email is sent. */
export function PasswordLinkButton({ partnerID, name }: { partnerID: string; name: string }) {
  const [result, issue] = useMutation(IssueDoc);
  const link = result.data?.issuePasswordLink;
  return (
    <div className="stack tight">
      <button type="button" className="secondary" onClick={() => void issue({ partnerID })} disabled={result.fetching}>
        Password link for {name}
      </button>
      {link && (
        <>
          <Secret label={`Password link for ${name}`} value={link.url} copy="Copy link" what={`password link for ${name}`} />
          <span className="hint">
            Valid until {new Date(link.expiresAt).toLocaleString('en-GB')}, once. Earlier links stop working. Hand it to the
            partner yourself: Reftrack sends no email.
          </span>
        </>
      )}
      <ErrorAlert error={result.error} />
    </div>
  );
}
