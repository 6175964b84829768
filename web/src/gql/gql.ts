/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ConversionRow on Conversion {\n    id\n    occurredAt\n    customer {\n      id\n      email\n      name\n    }\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n  }\n": typeof types.ConversionRowFragmentDoc,
    "\n  query LatestConversions($partnerID: ID) {\n    conversions(first: 10, partnerID: $partnerID) {\n      totalCount\n      edges {\n        node {\n          ...ConversionRow\n        }\n      }\n    }\n  }\n": typeof types.LatestConversionsDocument,
    "\n  subscription ConversionAdded($partnerID: ID) {\n    conversionAdded(partnerID: $partnerID) {\n      ...ConversionRow\n    }\n  }\n": typeof types.ConversionAddedDocument,
    "\n  mutation IssuePasswordLink($partnerID: ID!) {\n    issuePasswordLink(partnerID: $partnerID) { url expiresAt }\n  }\n": typeof types.IssuePasswordLinkDocument,
    "\n  query Sessions {\n    sessions { id createdAt lastSeenAt userAgent current }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) { revokeSession(id: $id) }\n": typeof types.RevokeSessionDocument,
    "\n  mutation RevokeSessions { revokeSessions }\n": typeof types.RevokeSessionsDocument,
    "\n  query AdminPartner($id: ID!) {\n    partners(first: 1, where: { id: $id }) {\n      edges {\n        node {\n          id name email timezone hasPassword disabledAt createdAt\n          referralURL { id url redirectURL }\n        }\n      }\n    }\n  }\n": typeof types.AdminPartnerDocument,
    "\n  query AdminPartnerStats($id: ID!, $range: DateRange!) {\n    partners(first: 1, where: { id: $id }) {\n      edges { node { id stats(range: $range) { ...StatsFields } } }\n    }\n  }\n": typeof types.AdminPartnerStatsDocument,
    "\n  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {\n    partnerLeaderboard(range: $range, orderBy: $orderBy) {\n      partner { id name email timezone hasPassword disabledAt }\n      uniqueClicks returningClicks totalClicks conversions conversionRate\n    }\n  }\n": typeof types.LeaderboardDocument,
    "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) {\n      partner { id name }\n      token invitationURL invitationExpiresAt\n    }\n  }\n": typeof types.CreatePartnerDocument,
    "\n  query APITokens {\n    apiTokens { id name role createdAt revokedAt }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateToken($name: String!, $admin: Boolean!) {\n    service: createServiceToken(name: $name) @skip(if: $admin)\n    admin: createAdminToken(name: $name) @include(if: $admin)\n  }\n": typeof types.CreateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) { revokeToken(id: $id) { id revokedAt } }\n": typeof types.RevokeTokenDocument,
    "\n  query UnmatchedRefs($after: Cursor) {\n    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id ref clicks firstSeenAt lastSeenAt } }\n    }\n    unmatchedRefsDropped\n  }\n": typeof types.UnmatchedRefsDocument,
    "\n  query Customer($id: ID!) {\n    node(id: $id) { ... on Customer { ...CustomerRow externalID emailVerified } }\n  }\n": typeof types.CustomerDocument,
    "\n  fragment TagFields on CustomerTag { id name system }\n": typeof types.TagFieldsFragmentDoc,
    "\n  fragment CustomerRow on Customer {\n    id email name signedUpAt\n    refTag { id name code }\n    referralURL { id slug }\n    tags { ...TagFields }\n  }\n": typeof types.CustomerRowFragmentDoc,
    "\n  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {\n    customers(first: $first, after: $after, last: $last, before: $before, tagIDs: $tagIDs, orderBy: { field: SIGNED_UP_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { node { ...CustomerRow } }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  query CustomerTags { customerTags { ...TagFields } }\n": typeof types.CustomerTagsDocument,
    "\n  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }\n": typeof types.AddCustomerTagsDocument,
    "\n  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }\n": typeof types.RemoveCustomerTagsDocument,
    "\n  mutation CreateCustomerTag($input: CreateCustomerTagInput!) { createCustomerTag(input: $input) { ...TagFields } }\n": typeof types.CreateCustomerTagDocument,
    "\n  mutation DeleteCustomerTag($id: ID!) { deleteCustomerTag(id: $id) }\n": typeof types.DeleteCustomerTagDocument,
    "\n  fragment StatsFields on Stats {\n    from\n    to\n    uniqueClicks\n    returningClicks\n    totalClicks\n    botClicks\n    conversions\n    conversionRate\n    daily {\n      date\n      uniqueClicks\n      returningClicks\n      conversions\n    }\n  }\n": typeof types.StatsFieldsFragmentDoc,
    "\n  query Overview($range: DateRange!) {\n    me {\n      id\n      stats(range: $range) {\n        ...StatsFields\n      }\n    }\n  }\n": typeof types.OverviewDocument,
    "\n  fragment RefTagRow on RefTag {\n    id name code\n    stats(range: $range) { uniqueClicks returningClicks totalClicks conversions conversionRate }\n  }\n": typeof types.RefTagRowFragmentDoc,
    "\n  query RefTags($range: DateRange!, $after: Cursor) {\n    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RefTagRow } }\n    }\n  }\n": typeof types.RefTagsDocument,
    "\n  mutation CreateRefTag($input: CreateRefTagInput!) { createRefTag(input: $input) { id name code } }\n": typeof types.CreateRefTagDocument,
    "\n  mutation RenameRefTag($input: UpdateRefTagInput!) { updateRefTag(input: $input) { id name } }\n": typeof types.RenameRefTagDocument,
    "\n  query Referral($range: DateRange!) {\n    me {\n      id\n      referralURL { id slug url redirectURL stats(range: $range) { ...StatsFields } }\n    }\n  }\n": typeof types.ReferralDocument,
    "\n  query SlugAvailable($slug: String!) { slugAvailable(slug: $slug) { slug status reason } }\n": typeof types.SlugAvailableDocument,
    "\n  mutation CreateReferralURL($input: CreateReferralURLInput!) { createReferralURL(input: $input) { id slug url redirectURL } }\n": typeof types.CreateReferralUrlDocument,
    "\n  mutation UpdateReferralURL($input: UpdateReferralURLInput!) { updateReferralURL(input: $input) { id redirectURL } }\n": typeof types.UpdateReferralUrlDocument,
    "\n  mutation RotateToken { rotateToken }\n": typeof types.RotateTokenDocument,
    "\n  query WebhookEndpoint($id: ID!) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": typeof types.WebhookEndpointDocument,
    "\n  query WebhookEndpointAttempts($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        id\n        attempts(first: $first, after: $after, last: $last, before: $before, orderBy: { field: CREATED_AT, direction: DESC }) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            hasPreviousPage\n            startCursor\n            endCursor\n          }\n          edges {\n            node {\n              id\n              createdAt\n              eventID\n              eventType\n              statusCode\n              ok\n              latencyMs\n              response\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebhookEndpointAttemptsDocument,
    "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ...WebhookEndpointFields } }\n": typeof types.UpdateWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret } }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }\n": typeof types.DisableWebhookEndpointDocument,
    "\n  mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }\n": typeof types.EnableWebhookEndpointDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(endpointID: $id) {\n      id\n      statusCode\n      ok\n      latencyMs\n    }\n  }\n": typeof types.SendTestWebhookDocument,
    "\n  mutation ReplayWebhookEvent($id: ID!, $eventID: String!) {\n    replayWebhookEvent(endpointID: $id, eventID: $eventID)\n  }\n": typeof types.ReplayWebhookEventDocument,
    "\n  mutation ResendFailedWebhooks($id: ID!, $since: Time!) {\n    resendFailedWebhooks(endpointID: $id, since: $since)\n  }\n": typeof types.ResendFailedWebhooksDocument,
    "\n  query WebhookEndpoints($after: Cursor) {\n    webhookEndpoints(first: 50, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebhookEndpointFields\n        }\n      }\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      endpoint {\n        id\n        url\n      }\n      secret\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      timezone\n      hasPassword\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    createdAt\n    url\n    description\n    eventTypes\n    disabledAt\n    disabledReason\n    failingSince\n    partner {\n      id\n      name\n    }\n  }\n": typeof types.WebhookEndpointFieldsFragmentDoc,
    "\n  query WebhookEventTypes {\n    webhookEventTypes\n  }\n": typeof types.WebhookEventTypesDocument,
};
const documents: Documents = {
    "\n  fragment ConversionRow on Conversion {\n    id\n    occurredAt\n    customer {\n      id\n      email\n      name\n    }\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n  }\n": types.ConversionRowFragmentDoc,
    "\n  query LatestConversions($partnerID: ID) {\n    conversions(first: 10, partnerID: $partnerID) {\n      totalCount\n      edges {\n        node {\n          ...ConversionRow\n        }\n      }\n    }\n  }\n": types.LatestConversionsDocument,
    "\n  subscription ConversionAdded($partnerID: ID) {\n    conversionAdded(partnerID: $partnerID) {\n      ...ConversionRow\n    }\n  }\n": types.ConversionAddedDocument,
    "\n  mutation IssuePasswordLink($partnerID: ID!) {\n    issuePasswordLink(partnerID: $partnerID) { url expiresAt }\n  }\n": types.IssuePasswordLinkDocument,
    "\n  query Sessions {\n    sessions { id createdAt lastSeenAt userAgent current }\n  }\n": types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) { revokeSession(id: $id) }\n": types.RevokeSessionDocument,
    "\n  mutation RevokeSessions { revokeSessions }\n": types.RevokeSessionsDocument,
    "\n  query AdminPartner($id: ID!) {\n    partners(first: 1, where: { id: $id }) {\n      edges {\n        node {\n          id name email timezone hasPassword disabledAt createdAt\n          referralURL { id url redirectURL }\n        }\n      }\n    }\n  }\n": types.AdminPartnerDocument,
    "\n  query AdminPartnerStats($id: ID!, $range: DateRange!) {\n    partners(first: 1, where: { id: $id }) {\n      edges { node { id stats(range: $range) { ...StatsFields } } }\n    }\n  }\n": types.AdminPartnerStatsDocument,
    "\n  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {\n    partnerLeaderboard(range: $range, orderBy: $orderBy) {\n      partner { id name email timezone hasPassword disabledAt }\n      uniqueClicks returningClicks totalClicks conversions conversionRate\n    }\n  }\n": types.LeaderboardDocument,
    "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) {\n      partner { id name }\n      token invitationURL invitationExpiresAt\n    }\n  }\n": types.CreatePartnerDocument,
    "\n  query APITokens {\n    apiTokens { id name role createdAt revokedAt }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateToken($name: String!, $admin: Boolean!) {\n    service: createServiceToken(name: $name) @skip(if: $admin)\n    admin: createAdminToken(name: $name) @include(if: $admin)\n  }\n": types.CreateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) { revokeToken(id: $id) { id revokedAt } }\n": types.RevokeTokenDocument,
    "\n  query UnmatchedRefs($after: Cursor) {\n    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id ref clicks firstSeenAt lastSeenAt } }\n    }\n    unmatchedRefsDropped\n  }\n": types.UnmatchedRefsDocument,
    "\n  query Customer($id: ID!) {\n    node(id: $id) { ... on Customer { ...CustomerRow externalID emailVerified } }\n  }\n": types.CustomerDocument,
    "\n  fragment TagFields on CustomerTag { id name system }\n": types.TagFieldsFragmentDoc,
    "\n  fragment CustomerRow on Customer {\n    id email name signedUpAt\n    refTag { id name code }\n    referralURL { id slug }\n    tags { ...TagFields }\n  }\n": types.CustomerRowFragmentDoc,
    "\n  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {\n    customers(first: $first, after: $after, last: $last, before: $before, tagIDs: $tagIDs, orderBy: { field: SIGNED_UP_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { node { ...CustomerRow } }\n    }\n  }\n": types.CustomersDocument,
    "\n  query CustomerTags { customerTags { ...TagFields } }\n": types.CustomerTagsDocument,
    "\n  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }\n": types.AddCustomerTagsDocument,
    "\n  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }\n": types.RemoveCustomerTagsDocument,
    "\n  mutation CreateCustomerTag($input: CreateCustomerTagInput!) { createCustomerTag(input: $input) { ...TagFields } }\n": types.CreateCustomerTagDocument,
    "\n  mutation DeleteCustomerTag($id: ID!) { deleteCustomerTag(id: $id) }\n": types.DeleteCustomerTagDocument,
    "\n  fragment StatsFields on Stats {\n    from\n    to\n    uniqueClicks\n    returningClicks\n    totalClicks\n    botClicks\n    conversions\n    conversionRate\n    daily {\n      date\n      uniqueClicks\n      returningClicks\n      conversions\n    }\n  }\n": types.StatsFieldsFragmentDoc,
    "\n  query Overview($range: DateRange!) {\n    me {\n      id\n      stats(range: $range) {\n        ...StatsFields\n      }\n    }\n  }\n": types.OverviewDocument,
    "\n  fragment RefTagRow on RefTag {\n    id name code\n    stats(range: $range) { uniqueClicks returningClicks totalClicks conversions conversionRate }\n  }\n": types.RefTagRowFragmentDoc,
    "\n  query RefTags($range: DateRange!, $after: Cursor) {\n    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RefTagRow } }\n    }\n  }\n": types.RefTagsDocument,
    "\n  mutation CreateRefTag($input: CreateRefTagInput!) { createRefTag(input: $input) { id name code } }\n": types.CreateRefTagDocument,
    "\n  mutation RenameRefTag($input: UpdateRefTagInput!) { updateRefTag(input: $input) { id name } }\n": types.RenameRefTagDocument,
    "\n  query Referral($range: DateRange!) {\n    me {\n      id\n      referralURL { id slug url redirectURL stats(range: $range) { ...StatsFields } }\n    }\n  }\n": types.ReferralDocument,
    "\n  query SlugAvailable($slug: String!) { slugAvailable(slug: $slug) { slug status reason } }\n": types.SlugAvailableDocument,
    "\n  mutation CreateReferralURL($input: CreateReferralURLInput!) { createReferralURL(input: $input) { id slug url redirectURL } }\n": types.CreateReferralUrlDocument,
    "\n  mutation UpdateReferralURL($input: UpdateReferralURLInput!) { updateReferralURL(input: $input) { id redirectURL } }\n": types.UpdateReferralUrlDocument,
    "\n  mutation RotateToken { rotateToken }\n": types.RotateTokenDocument,
    "\n  query WebhookEndpoint($id: ID!) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n": types.WebhookEndpointDocument,
    "\n  query WebhookEndpointAttempts($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        id\n        attempts(first: $first, after: $after, last: $last, before: $before, orderBy: { field: CREATED_AT, direction: DESC }) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            hasPreviousPage\n            startCursor\n            endCursor\n          }\n          edges {\n            node {\n              id\n              createdAt\n              eventID\n              eventType\n              statusCode\n              ok\n              latencyMs\n              response\n            }\n          }\n        }\n      }\n    }\n  }\n": types.WebhookEndpointAttemptsDocument,
    "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ...WebhookEndpointFields } }\n": types.UpdateWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret } }\n": types.RotateWebhookSecretDocument,
    "\n  mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }\n": types.DisableWebhookEndpointDocument,
    "\n  mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }\n": types.EnableWebhookEndpointDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(endpointID: $id) {\n      id\n      statusCode\n      ok\n      latencyMs\n    }\n  }\n": types.SendTestWebhookDocument,
    "\n  mutation ReplayWebhookEvent($id: ID!, $eventID: String!) {\n    replayWebhookEvent(endpointID: $id, eventID: $eventID)\n  }\n": types.ReplayWebhookEventDocument,
    "\n  mutation ResendFailedWebhooks($id: ID!, $since: Time!) {\n    resendFailedWebhooks(endpointID: $id, since: $since)\n  }\n": types.ResendFailedWebhooksDocument,
    "\n  query WebhookEndpoints($after: Cursor) {\n    webhookEndpoints(first: 50, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebhookEndpointFields\n        }\n      }\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      endpoint {\n        id\n        url\n      }\n      secret\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      timezone\n      hasPassword\n    }\n  }\n": types.MeDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    createdAt\n    url\n    description\n    eventTypes\n    disabledAt\n    disabledReason\n    failingSince\n    partner {\n      id\n      name\n    }\n  }\n": types.WebhookEndpointFieldsFragmentDoc,
    "\n  query WebhookEventTypes {\n    webhookEventTypes\n  }\n": types.WebhookEventTypesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversionRow on Conversion {\n    id\n    occurredAt\n    customer {\n      id\n      email\n      name\n    }\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n  }\n"): (typeof documents)["\n  fragment ConversionRow on Conversion {\n    id\n    occurredAt\n    customer {\n      id\n      email\n      name\n    }\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LatestConversions($partnerID: ID) {\n    conversions(first: 10, partnerID: $partnerID) {\n      totalCount\n      edges {\n        node {\n          ...ConversionRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LatestConversions($partnerID: ID) {\n    conversions(first: 10, partnerID: $partnerID) {\n      totalCount\n      edges {\n        node {\n          ...ConversionRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConversionAdded($partnerID: ID) {\n    conversionAdded(partnerID: $partnerID) {\n      ...ConversionRow\n    }\n  }\n"): (typeof documents)["\n  subscription ConversionAdded($partnerID: ID) {\n    conversionAdded(partnerID: $partnerID) {\n      ...ConversionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssuePasswordLink($partnerID: ID!) {\n    issuePasswordLink(partnerID: $partnerID) { url expiresAt }\n  }\n"): (typeof documents)["\n  mutation IssuePasswordLink($partnerID: ID!) {\n    issuePasswordLink(partnerID: $partnerID) { url expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions { id createdAt lastSeenAt userAgent current }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions { id createdAt lastSeenAt userAgent current }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) { revokeSession(id: $id) }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) { revokeSession(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSessions { revokeSessions }\n"): (typeof documents)["\n  mutation RevokeSessions { revokeSessions }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPartner($id: ID!) {\n    partners(first: 1, where: { id: $id }) {\n      edges {\n        node {\n          id name email timezone hasPassword disabledAt createdAt\n          referralURL { id url redirectURL }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminPartner($id: ID!) {\n    partners(first: 1, where: { id: $id }) {\n      edges {\n        node {\n          id name email timezone hasPassword disabledAt createdAt\n          referralURL { id url redirectURL }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPartnerStats($id: ID!, $range: DateRange!) {\n    partners(first: 1, where: { id: $id }) {\n      edges { node { id stats(range: $range) { ...StatsFields } } }\n    }\n  }\n"): (typeof documents)["\n  query AdminPartnerStats($id: ID!, $range: DateRange!) {\n    partners(first: 1, where: { id: $id }) {\n      edges { node { id stats(range: $range) { ...StatsFields } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {\n    partnerLeaderboard(range: $range, orderBy: $orderBy) {\n      partner { id name email timezone hasPassword disabledAt }\n      uniqueClicks returningClicks totalClicks conversions conversionRate\n    }\n  }\n"): (typeof documents)["\n  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {\n    partnerLeaderboard(range: $range, orderBy: $orderBy) {\n      partner { id name email timezone hasPassword disabledAt }\n      uniqueClicks returningClicks totalClicks conversions conversionRate\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) {\n      partner { id name }\n      token invitationURL invitationExpiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) {\n      partner { id name }\n      token invitationURL invitationExpiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query APITokens {\n    apiTokens { id name role createdAt revokedAt }\n  }\n"): (typeof documents)["\n  query APITokens {\n    apiTokens { id name role createdAt revokedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateToken($name: String!, $admin: Boolean!) {\n    service: createServiceToken(name: $name) @skip(if: $admin)\n    admin: createAdminToken(name: $name) @include(if: $admin)\n  }\n"): (typeof documents)["\n  mutation CreateToken($name: String!, $admin: Boolean!) {\n    service: createServiceToken(name: $name) @skip(if: $admin)\n    admin: createAdminToken(name: $name) @include(if: $admin)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($id: ID!) { revokeToken(id: $id) { id revokedAt } }\n"): (typeof documents)["\n  mutation RevokeToken($id: ID!) { revokeToken(id: $id) { id revokedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnmatchedRefs($after: Cursor) {\n    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id ref clicks firstSeenAt lastSeenAt } }\n    }\n    unmatchedRefsDropped\n  }\n"): (typeof documents)["\n  query UnmatchedRefs($after: Cursor) {\n    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id ref clicks firstSeenAt lastSeenAt } }\n    }\n    unmatchedRefsDropped\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customer($id: ID!) {\n    node(id: $id) { ... on Customer { ...CustomerRow externalID emailVerified } }\n  }\n"): (typeof documents)["\n  query Customer($id: ID!) {\n    node(id: $id) { ... on Customer { ...CustomerRow externalID emailVerified } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TagFields on CustomerTag { id name system }\n"): (typeof documents)["\n  fragment TagFields on CustomerTag { id name system }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerRow on Customer {\n    id email name signedUpAt\n    refTag { id name code }\n    referralURL { id slug }\n    tags { ...TagFields }\n  }\n"): (typeof documents)["\n  fragment CustomerRow on Customer {\n    id email name signedUpAt\n    refTag { id name code }\n    referralURL { id slug }\n    tags { ...TagFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {\n    customers(first: $first, after: $after, last: $last, before: $before, tagIDs: $tagIDs, orderBy: { field: SIGNED_UP_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { node { ...CustomerRow } }\n    }\n  }\n"): (typeof documents)["\n  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {\n    customers(first: $first, after: $after, last: $last, before: $before, tagIDs: $tagIDs, orderBy: { field: SIGNED_UP_AT, direction: DESC }) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { node { ...CustomerRow } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerTags { customerTags { ...TagFields } }\n"): (typeof documents)["\n  query CustomerTags { customerTags { ...TagFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }\n"): (typeof documents)["\n  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }\n"): (typeof documents)["\n  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomerTag($input: CreateCustomerTagInput!) { createCustomerTag(input: $input) { ...TagFields } }\n"): (typeof documents)["\n  mutation CreateCustomerTag($input: CreateCustomerTagInput!) { createCustomerTag(input: $input) { ...TagFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCustomerTag($id: ID!) { deleteCustomerTag(id: $id) }\n"): (typeof documents)["\n  mutation DeleteCustomerTag($id: ID!) { deleteCustomerTag(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatsFields on Stats {\n    from\n    to\n    uniqueClicks\n    returningClicks\n    totalClicks\n    botClicks\n    conversions\n    conversionRate\n    daily {\n      date\n      uniqueClicks\n      returningClicks\n      conversions\n    }\n  }\n"): (typeof documents)["\n  fragment StatsFields on Stats {\n    from\n    to\n    uniqueClicks\n    returningClicks\n    totalClicks\n    botClicks\n    conversions\n    conversionRate\n    daily {\n      date\n      uniqueClicks\n      returningClicks\n      conversions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview($range: DateRange!) {\n    me {\n      id\n      stats(range: $range) {\n        ...StatsFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Overview($range: DateRange!) {\n    me {\n      id\n      stats(range: $range) {\n        ...StatsFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RefTagRow on RefTag {\n    id name code\n    stats(range: $range) { uniqueClicks returningClicks totalClicks conversions conversionRate }\n  }\n"): (typeof documents)["\n  fragment RefTagRow on RefTag {\n    id name code\n    stats(range: $range) { uniqueClicks returningClicks totalClicks conversions conversionRate }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RefTags($range: DateRange!, $after: Cursor) {\n    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RefTagRow } }\n    }\n  }\n"): (typeof documents)["\n  query RefTags($range: DateRange!, $after: Cursor) {\n    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...RefTagRow } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRefTag($input: CreateRefTagInput!) { createRefTag(input: $input) { id name code } }\n"): (typeof documents)["\n  mutation CreateRefTag($input: CreateRefTagInput!) { createRefTag(input: $input) { id name code } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameRefTag($input: UpdateRefTagInput!) { updateRefTag(input: $input) { id name } }\n"): (typeof documents)["\n  mutation RenameRefTag($input: UpdateRefTagInput!) { updateRefTag(input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Referral($range: DateRange!) {\n    me {\n      id\n      referralURL { id slug url redirectURL stats(range: $range) { ...StatsFields } }\n    }\n  }\n"): (typeof documents)["\n  query Referral($range: DateRange!) {\n    me {\n      id\n      referralURL { id slug url redirectURL stats(range: $range) { ...StatsFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlugAvailable($slug: String!) { slugAvailable(slug: $slug) { slug status reason } }\n"): (typeof documents)["\n  query SlugAvailable($slug: String!) { slugAvailable(slug: $slug) { slug status reason } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateReferralURL($input: CreateReferralURLInput!) { createReferralURL(input: $input) { id slug url redirectURL } }\n"): (typeof documents)["\n  mutation CreateReferralURL($input: CreateReferralURLInput!) { createReferralURL(input: $input) { id slug url redirectURL } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateReferralURL($input: UpdateReferralURLInput!) { updateReferralURL(input: $input) { id redirectURL } }\n"): (typeof documents)["\n  mutation UpdateReferralURL($input: UpdateReferralURLInput!) { updateReferralURL(input: $input) { id redirectURL } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateToken { rotateToken }\n"): (typeof documents)["\n  mutation RotateToken { rotateToken }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoint($id: ID!) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookEndpoint($id: ID!) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        ...WebhookEndpointFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpointAttempts($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        id\n        attempts(first: $first, after: $after, last: $last, before: $before, orderBy: { field: CREATED_AT, direction: DESC }) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            hasPreviousPage\n            startCursor\n            endCursor\n          }\n          edges {\n            node {\n              id\n              createdAt\n              eventID\n              eventType\n              statusCode\n              ok\n              latencyMs\n              response\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookEndpointAttempts($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {\n    node(id: $id) {\n      ... on WebhookEndpoint {\n        id\n        attempts(first: $first, after: $after, last: $last, before: $before, orderBy: { field: CREATED_AT, direction: DESC }) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            hasPreviousPage\n            startCursor\n            endCursor\n          }\n          edges {\n            node {\n              id\n              createdAt\n              eventID\n              eventType\n              statusCode\n              ok\n              latencyMs\n              response\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ...WebhookEndpointFields } }\n"): (typeof documents)["\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ...WebhookEndpointFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret } }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }\n"): (typeof documents)["\n  mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }\n"): (typeof documents)["\n  mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(endpointID: $id) {\n      id\n      statusCode\n      ok\n      latencyMs\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(endpointID: $id) {\n      id\n      statusCode\n      ok\n      latencyMs\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplayWebhookEvent($id: ID!, $eventID: String!) {\n    replayWebhookEvent(endpointID: $id, eventID: $eventID)\n  }\n"): (typeof documents)["\n  mutation ReplayWebhookEvent($id: ID!, $eventID: String!) {\n    replayWebhookEvent(endpointID: $id, eventID: $eventID)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendFailedWebhooks($id: ID!, $since: Time!) {\n    resendFailedWebhooks(endpointID: $id, since: $since)\n  }\n"): (typeof documents)["\n  mutation ResendFailedWebhooks($id: ID!, $since: Time!) {\n    resendFailedWebhooks(endpointID: $id, since: $since)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints($after: Cursor) {\n    webhookEndpoints(first: 50, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebhookEndpointFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookEndpoints($after: Cursor) {\n    webhookEndpoints(first: 50, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebhookEndpointFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      endpoint {\n        id\n        url\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      endpoint {\n        id\n        url\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n      email\n      timezone\n      hasPassword\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      name\n      email\n      timezone\n      hasPassword\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    createdAt\n    url\n    description\n    eventTypes\n    disabledAt\n    disabledReason\n    failingSince\n    partner {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    createdAt\n    url\n    description\n    eventTypes\n    disabledAt\n    disabledReason\n    failingSince\n    partner {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEventTypes {\n    webhookEventTypes\n  }\n"): (typeof documents)["\n  query WebhookEventTypes {\n    webhookEventTypes\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;