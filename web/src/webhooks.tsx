import { graphql } from './gql';
import type { WebhookEndpointFieldsFragment } from './gql/graphql';
import { formatTime } from './format';
import { useViewer } from './viewer';

// What the Webhooks pages share: the endpoint's fields, its status in
// words, the event types to choose from, and the timezone times are shown in.

graphql(`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id
    createdAt
    url
    description
    eventTypes
    disabledAt
    disabledReason
    failingSince
    partner {
      id
      name
    }
  }
`);

export const EventTypesDoc = graphql(`
  query WebhookEventTypes {
    webhookEventTypes
  }
`);

/** The partner's timezone, or UTC for the admin. */
export function useTimezone(): string {
  const v = useViewer();
  return v.kind === 'partner' ? v.partner.timezone : 'UTC';
}

/** Where the Webhooks pages live for this viewer: /webhooks or /admin/webhooks. */
export function useWebhooksPath(): string {
  return useViewer().kind === 'admin' ? '/admin/webhooks' : '/webhooks';
}

/** The endpoint's status in words: enabled, failing since, or disabled and why. */
export function statusText(ep: WebhookEndpointFieldsFragment, timezone: string): string {
  if (ep.disabledAt) {
    return `Disabled since ${formatTime(ep.disabledAt, timezone)}: ${ep.disabledReason ?? 'no reason given'}`;
  }
  if (ep.failingSince) return `Enabled, failing since ${formatTime(ep.failingSince, timezone)}`;
  return 'Enabled';
}

export function typesText(types: readonly string[]): string {
  return types.length === 0 ? 'All events' : types.join(', ');
}

/** Checkboxes for the event types, by the names deliveries carry; none checked is every type. */
export function EventTypePicker({
  all,
  chosen,
  onChange,
}: {
  all: readonly string[];
  chosen: readonly string[];
  onChange: (types: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>Event types</legend>
      <p className="hint">None checked: every type, those added later too.</p>
      <div className="row">
        {all.map((t) => (
          <label key={t} className="inline">
            <input
              type="checkbox"
              checked={chosen.includes(t)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, t] : chosen.filter((x) => x !== t))}
            />
            {t}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
