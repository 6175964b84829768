// Runs graphql-http's GraphQL-over-HTTP audits against the URL given as the
// first argument. Prints every audit that did not pass, then the count of
// MUST audits passed and of SHOULD and MAY audits passed.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
const counts = { MUST: [0, 0], 'SHOULD and MAY': [0, 0] };
for (const audit of serverAudits({ url })) {
  const kind = audit.name.startsWith('MUST') ? 'MUST' : 'SHOULD and MAY';
  const result = await audit.fn();
  counts[kind][1]++;
  if (result.status === 'ok') {
    counts[kind][0]++;
  } else {
    console.log(`${result.status} ${result.id} ${result.name}: ${result.reason}`);
  }
}
let failed = false;
for (const [kind, [passed, total]] of Object.entries(counts)) {
  console.log(`${kind}: ${passed}/${total}`);
  failed ||= passed !== total;
}
process.exit(failed ? 1 : 0);
