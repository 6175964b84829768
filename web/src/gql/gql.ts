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
    "\n  mutation IssuePasswordLink($partnerID: ID!) {\n    issuePasswordLink(partnerID: $partnerID) {\n      url\n      expiresAt\n    }\n  }\n": typeof types.IssuePasswordLinkDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastSeenAt\n      userAgent\n      current\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation RevokeSessions {\n    revokeSessions\n  }\n": typeof types.RevokeSessionsDocument,
    "\n  query AdminPartner($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Partner {\n        id\n        name\n        email\n        timezone\n        hasPassword\n        disabledAt\n        createdAt\n        referralURL {\n          id\n          url\n          redirectURL\n        }\n      }\n    }\n  }\n": typeof types.AdminPartnerDocument,
    "\n  query AdminPartnerStats($id: ID!, $range: DateRange!) {\n    node(id: $id) {\n      __typename\n      ... on Partner {\n        id\n        stats(range: $range) {\n          ...StatsFields\n        }\n      }\n    }\n  }\n": typeof types.AdminPartnerStatsDocument,
    "\n  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {\n    partnerLeaderboard(range: $range, orderBy: $orderBy) {\n      partner {\n        id\n        name\n        email\n        timezone\n        hasPassword\n        disabledAt\n      }\n      uniqueClicks\n      returningClicks\n      totalClicks\n      conversions\n      conversionRate\n    }\n  }\n": typeof types.LeaderboardDocument,
    "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) {\n      partner {\n        id\n        name\n      }\n      token\n      invitationURL\n      invitationExpiresAt\n    }\n  }\n": typeof types.CreatePartnerDocument,
    "\n  query APITokens {\n    apiTokens {\n      id\n      name\n      role\n      createdAt\n      revokedAt\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateServiceToken($name: String!) {\n    createServiceToken(name: $name)\n  }\n": typeof types.CreateServiceTokenDocument,
    "\n  mutation CreateAdminToken($name: String!) {\n    createAdminToken(name: $name)\n  }\n": typeof types.CreateAdminTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeTokenDocument,
    "\n  query UnmatchedRefs($after: Cursor) {\n    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          ref\n          clicks\n          firstSeenAt\n          lastSeenAt\n        }\n      }\n    }\n    unmatchedRefsDropped\n  }\n": typeof types.UnmatchedRefsDocument,
    "\n  query Customer($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Customer {\n        ...CustomerRow\n        externalID\n        emailVerified\n      }\n    }\n  }\n": typeof types.CustomerDocument,
    "\n  fragment TagFields on CustomerTag {\n    id\n    name\n    system\n  }\n": typeof types.TagFieldsFragmentDoc,
    "\n  fragment CustomerRow on Customer {\n    id\n    email\n    name\n    signedUpAt\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n    tags {\n      ...TagFields\n    }\n  }\n": typeof types.CustomerRowFragmentDoc,
    "\n  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {\n    customers(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      tagIDs: $tagIDs\n      orderBy: { field: SIGNED_UP_AT, direction: DESC }\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...CustomerRow\n        }\n      }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  query CustomerTags {\n    customerTags {\n      ...TagFields\n    }\n  }\n": typeof types.CustomerTagsDocument,
    "\n  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {\n    addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {\n      ...CustomerRow\n    }\n  }\n": typeof types.AddCustomerTagsDocument,
    "\n  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {\n    removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {\n      ...CustomerRow\n    }\n  }\n": typeof types.RemoveCustomerTagsDocument,
    "\n  mutation CreateCustomerTag($input: CreateCustomerTagInput!) {\n    createCustomerTag(input: $input) {\n      ...TagFields\n    }\n  }\n": typeof types.CreateCustomerTagDocument,
    "\n  mutation DeleteCustomerTag($id: ID!) {\n    deleteCustomerTag(id: $id)\n  }\n": typeof types.DeleteCustomerTagDocument,
    "\n  fragment StatsFields on Stats {\n    from\n    to\n    uniqueClicks\n    returningClicks\n    totalClicks\n    botClicks\n    conversions\n    conversionRate\n    daily {\n      date\n      uniqueClicks\n      returningClicks\n      conversions\n    }\n  }\n": typeof types.StatsFieldsFragmentDoc,
    "\n  fragment ConversionRow on Conversion {\n    id\n    occurredAt\n    customer {\n      id\n      email\n      name\n    }\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n  }\n": typeof types.ConversionRowFragmentDoc,
    "\n  query Overview($range: DateRange!) {\n    me {\n      id\n      stats(range: $range) {\n        ...StatsFields\n      }\n    }\n  }\n": typeof types.OverviewDocument,
    "\n  query LatestConversions {\n    conversions(first: 10) {\n      totalCount\n      edges {\n        node {\n          ...ConversionRow\n        }\n      }\n    }\n  }\n": typeof types.LatestConversionsDocument,
    "\n  subscription ConversionAdded {\n    conversionAdded {\n      ...ConversionRow\n    }\n  }\n": typeof types.ConversionAddedDocument,
    "\n  fragment RefTagRow on RefTag {\n    id\n    name\n    code\n    stats(range: $range) {\n      uniqueClicks\n      returningClicks\n      totalClicks\n      conversions\n      conversionRate\n    }\n  }\n": typeof types.RefTagRowFragmentDoc,
    "\n  query RefTags($range: DateRange!, $after: Cursor) {\n    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...RefTagRow\n        }\n      }\n    }\n  }\n": typeof types.RefTagsDocument,
    "\n  mutation CreateRefTag($input: CreateRefTagInput!) {\n    createRefTag(input: $input) {\n      id\n      name\n      code\n    }\n  }\n": typeof types.CreateRefTagDocument,
    "\n  mutation RenameRefTag($input: UpdateRefTagInput!) {\n    updateRefTag(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.RenameRefTagDocument,
    "\n  query Referral($range: DateRange!) {\n    me {\n      id\n      referralURL {\n        id\n        slug\n        url\n        redirectURL\n        stats(range: $range) {\n          ...StatsFields\n        }\n      }\n    }\n  }\n": typeof types.ReferralDocument,
    "\n  query SlugAvailable($slug: String!) {\n    slugAvailable(slug: $slug) {\n      slug\n      status\n      reason\n    }\n  }\n": typeof types.SlugAvailableDocument,
    "\n  mutation CreateReferralURL($input: CreateReferralURLInput!) {\n    createReferralURL(input: $input) {\n      id\n      slug\n      url\n      redirectURL\n    }\n  }\n": typeof types.CreateReferralUrlDocument,
    "\n  mutation UpdateReferralURL($input: UpdateReferralURLInput!) {\n    updateReferralURL(input: $input) {\n      id\n      redirectURL\n    }\n  }\n": typeof types.UpdateReferralUrlDocument,
    "\n  mutation RotateToken {\n    rotateToken\n  }\n": typeof types.RotateTokenDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      timezone\n      hasPassword\n    }\n  }\n": typeof types.MeDocument,
};
const documents: Documents = {
    "\n  mutation IssuePasswordLink($partnerID: ID!) {\n    issuePasswordLink(partnerID: $partnerID) {\n      url\n      expiresAt\n    }\n  }\n": types.IssuePasswordLinkDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastSeenAt\n      userAgent\n      current\n    }\n  }\n": types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation RevokeSessions {\n    revokeSessions\n  }\n": types.RevokeSessionsDocument,
    "\n  query AdminPartner($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Partner {\n        id\n        name\n        email\n        timezone\n        hasPassword\n        disabledAt\n        createdAt\n        referralURL {\n          id\n          url\n          redirectURL\n        }\n      }\n    }\n  }\n": types.AdminPartnerDocument,
    "\n  query AdminPartnerStats($id: ID!, $range: DateRange!) {\n    node(id: $id) {\n      __typename\n      ... on Partner {\n        id\n        stats(range: $range) {\n          ...StatsFields\n        }\n      }\n    }\n  }\n": types.AdminPartnerStatsDocument,
    "\n  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {\n    partnerLeaderboard(range: $range, orderBy: $orderBy) {\n      partner {\n        id\n        name\n        email\n        timezone\n        hasPassword\n        disabledAt\n      }\n      uniqueClicks\n      returningClicks\n      totalClicks\n      conversions\n      conversionRate\n    }\n  }\n": types.LeaderboardDocument,
    "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) {\n      partner {\n        id\n        name\n      }\n      token\n      invitationURL\n      invitationExpiresAt\n    }\n  }\n": types.CreatePartnerDocument,
    "\n  query APITokens {\n    apiTokens {\n      id\n      name\n      role\n      createdAt\n      revokedAt\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateServiceToken($name: String!) {\n    createServiceToken(name: $name)\n  }\n": types.CreateServiceTokenDocument,
    "\n  mutation CreateAdminToken($name: String!) {\n    createAdminToken(name: $name)\n  }\n": types.CreateAdminTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeTokenDocument,
    "\n  query UnmatchedRefs($after: Cursor) {\n    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          ref\n          clicks\n          firstSeenAt\n          lastSeenAt\n        }\n      }\n    }\n    unmatchedRefsDropped\n  }\n": types.UnmatchedRefsDocument,
    "\n  query Customer($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Customer {\n        ...CustomerRow\n        externalID\n        emailVerified\n      }\n    }\n  }\n": types.CustomerDocument,
    "\n  fragment TagFields on CustomerTag {\n    id\n    name\n    system\n  }\n": types.TagFieldsFragmentDoc,
    "\n  fragment CustomerRow on Customer {\n    id\n    email\n    name\n    signedUpAt\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n    tags {\n      ...TagFields\n    }\n  }\n": types.CustomerRowFragmentDoc,
    "\n  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {\n    customers(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      tagIDs: $tagIDs\n      orderBy: { field: SIGNED_UP_AT, direction: DESC }\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...CustomerRow\n        }\n      }\n    }\n  }\n": types.CustomersDocument,
    "\n  query CustomerTags {\n    customerTags {\n      ...TagFields\n    }\n  }\n": types.CustomerTagsDocument,
    "\n  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {\n    addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {\n      ...CustomerRow\n    }\n  }\n": types.AddCustomerTagsDocument,
    "\n  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {\n    removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {\n      ...CustomerRow\n    }\n  }\n": types.RemoveCustomerTagsDocument,
    "\n  mutation CreateCustomerTag($input: CreateCustomerTagInput!) {\n    createCustomerTag(input: $input) {\n      ...TagFields\n    }\n  }\n": types.CreateCustomerTagDocument,
    "\n  mutation DeleteCustomerTag($id: ID!) {\n    deleteCustomerTag(id: $id)\n  }\n": types.DeleteCustomerTagDocument,
    "\n  fragment StatsFields on Stats {\n    from\n    to\n    uniqueClicks\n    returningClicks\n    totalClicks\n    botClicks\n    conversions\n    conversionRate\n    daily {\n      date\n      uniqueClicks\n      returningClicks\n      conversions\n    }\n  }\n": types.StatsFieldsFragmentDoc,
    "\n  fragment ConversionRow on Conversion {\n    id\n    occurredAt\n    customer {\n      id\n      email\n      name\n    }\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n  }\n": types.ConversionRowFragmentDoc,
    "\n  query Overview($range: DateRange!) {\n    me {\n      id\n      stats(range: $range) {\n        ...StatsFields\n      }\n    }\n  }\n": types.OverviewDocument,
    "\n  query LatestConversions {\n    conversions(first: 10) {\n      totalCount\n      edges {\n        node {\n          ...ConversionRow\n        }\n      }\n    }\n  }\n": types.LatestConversionsDocument,
    "\n  subscription ConversionAdded {\n    conversionAdded {\n      ...ConversionRow\n    }\n  }\n": types.ConversionAddedDocument,
    "\n  fragment RefTagRow on RefTag {\n    id\n    name\n    code\n    stats(range: $range) {\n      uniqueClicks\n      returningClicks\n      totalClicks\n      conversions\n      conversionRate\n    }\n  }\n": types.RefTagRowFragmentDoc,
    "\n  query RefTags($range: DateRange!, $after: Cursor) {\n    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...RefTagRow\n        }\n      }\n    }\n  }\n": types.RefTagsDocument,
    "\n  mutation CreateRefTag($input: CreateRefTagInput!) {\n    createRefTag(input: $input) {\n      id\n      name\n      code\n    }\n  }\n": types.CreateRefTagDocument,
    "\n  mutation RenameRefTag($input: UpdateRefTagInput!) {\n    updateRefTag(input: $input) {\n      id\n      name\n    }\n  }\n": types.RenameRefTagDocument,
    "\n  query Referral($range: DateRange!) {\n    me {\n      id\n      referralURL {\n        id\n        slug\n        url\n        redirectURL\n        stats(range: $range) {\n          ...StatsFields\n        }\n      }\n    }\n  }\n": types.ReferralDocument,
    "\n  query SlugAvailable($slug: String!) {\n    slugAvailable(slug: $slug) {\n      slug\n      status\n      reason\n    }\n  }\n": types.SlugAvailableDocument,
    "\n  mutation CreateReferralURL($input: CreateReferralURLInput!) {\n    createReferralURL(input: $input) {\n      id\n      slug\n      url\n      redirectURL\n    }\n  }\n": types.CreateReferralUrlDocument,
    "\n  mutation UpdateReferralURL($input: UpdateReferralURLInput!) {\n    updateReferralURL(input: $input) {\n      id\n      redirectURL\n    }\n  }\n": types.UpdateReferralUrlDocument,
    "\n  mutation RotateToken {\n    rotateToken\n  }\n": types.RotateTokenDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      timezone\n      hasPassword\n    }\n  }\n": types.MeDocument,
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
export function graphql(source: "\n  mutation IssuePasswordLink($partnerID: ID!) {\n    issuePasswordLink(partnerID: $partnerID) {\n      url\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation IssuePasswordLink($partnerID: ID!) {\n    issuePasswordLink(partnerID: $partnerID) {\n      url\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastSeenAt\n      userAgent\n      current\n    }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastSeenAt\n      userAgent\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSessions {\n    revokeSessions\n  }\n"): (typeof documents)["\n  mutation RevokeSessions {\n    revokeSessions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPartner($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Partner {\n        id\n        name\n        email\n        timezone\n        hasPassword\n        disabledAt\n        createdAt\n        referralURL {\n          id\n          url\n          redirectURL\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminPartner($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Partner {\n        id\n        name\n        email\n        timezone\n        hasPassword\n        disabledAt\n        createdAt\n        referralURL {\n          id\n          url\n          redirectURL\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPartnerStats($id: ID!, $range: DateRange!) {\n    node(id: $id) {\n      __typename\n      ... on Partner {\n        id\n        stats(range: $range) {\n          ...StatsFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminPartnerStats($id: ID!, $range: DateRange!) {\n    node(id: $id) {\n      __typename\n      ... on Partner {\n        id\n        stats(range: $range) {\n          ...StatsFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {\n    partnerLeaderboard(range: $range, orderBy: $orderBy) {\n      partner {\n        id\n        name\n        email\n        timezone\n        hasPassword\n        disabledAt\n      }\n      uniqueClicks\n      returningClicks\n      totalClicks\n      conversions\n      conversionRate\n    }\n  }\n"): (typeof documents)["\n  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {\n    partnerLeaderboard(range: $range, orderBy: $orderBy) {\n      partner {\n        id\n        name\n        email\n        timezone\n        hasPassword\n        disabledAt\n      }\n      uniqueClicks\n      returningClicks\n      totalClicks\n      conversions\n      conversionRate\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) {\n      partner {\n        id\n        name\n      }\n      token\n      invitationURL\n      invitationExpiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) {\n      partner {\n        id\n        name\n      }\n      token\n      invitationURL\n      invitationExpiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query APITokens {\n    apiTokens {\n      id\n      name\n      role\n      createdAt\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  query APITokens {\n    apiTokens {\n      id\n      name\n      role\n      createdAt\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateServiceToken($name: String!) {\n    createServiceToken(name: $name)\n  }\n"): (typeof documents)["\n  mutation CreateServiceToken($name: String!) {\n    createServiceToken(name: $name)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAdminToken($name: String!) {\n    createAdminToken(name: $name)\n  }\n"): (typeof documents)["\n  mutation CreateAdminToken($name: String!) {\n    createAdminToken(name: $name)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnmatchedRefs($after: Cursor) {\n    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          ref\n          clicks\n          firstSeenAt\n          lastSeenAt\n        }\n      }\n    }\n    unmatchedRefsDropped\n  }\n"): (typeof documents)["\n  query UnmatchedRefs($after: Cursor) {\n    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          ref\n          clicks\n          firstSeenAt\n          lastSeenAt\n        }\n      }\n    }\n    unmatchedRefsDropped\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customer($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Customer {\n        ...CustomerRow\n        externalID\n        emailVerified\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customer($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Customer {\n        ...CustomerRow\n        externalID\n        emailVerified\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TagFields on CustomerTag {\n    id\n    name\n    system\n  }\n"): (typeof documents)["\n  fragment TagFields on CustomerTag {\n    id\n    name\n    system\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerRow on Customer {\n    id\n    email\n    name\n    signedUpAt\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n    tags {\n      ...TagFields\n    }\n  }\n"): (typeof documents)["\n  fragment CustomerRow on Customer {\n    id\n    email\n    name\n    signedUpAt\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n    tags {\n      ...TagFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {\n    customers(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      tagIDs: $tagIDs\n      orderBy: { field: SIGNED_UP_AT, direction: DESC }\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...CustomerRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {\n    customers(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      tagIDs: $tagIDs\n      orderBy: { field: SIGNED_UP_AT, direction: DESC }\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...CustomerRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerTags {\n    customerTags {\n      ...TagFields\n    }\n  }\n"): (typeof documents)["\n  query CustomerTags {\n    customerTags {\n      ...TagFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {\n    addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {\n      ...CustomerRow\n    }\n  }\n"): (typeof documents)["\n  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {\n    addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {\n      ...CustomerRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {\n    removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {\n      ...CustomerRow\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {\n    removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {\n      ...CustomerRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomerTag($input: CreateCustomerTagInput!) {\n    createCustomerTag(input: $input) {\n      ...TagFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCustomerTag($input: CreateCustomerTagInput!) {\n    createCustomerTag(input: $input) {\n      ...TagFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCustomerTag($id: ID!) {\n    deleteCustomerTag(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteCustomerTag($id: ID!) {\n    deleteCustomerTag(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatsFields on Stats {\n    from\n    to\n    uniqueClicks\n    returningClicks\n    totalClicks\n    botClicks\n    conversions\n    conversionRate\n    daily {\n      date\n      uniqueClicks\n      returningClicks\n      conversions\n    }\n  }\n"): (typeof documents)["\n  fragment StatsFields on Stats {\n    from\n    to\n    uniqueClicks\n    returningClicks\n    totalClicks\n    botClicks\n    conversions\n    conversionRate\n    daily {\n      date\n      uniqueClicks\n      returningClicks\n      conversions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversionRow on Conversion {\n    id\n    occurredAt\n    customer {\n      id\n      email\n      name\n    }\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n  }\n"): (typeof documents)["\n  fragment ConversionRow on Conversion {\n    id\n    occurredAt\n    customer {\n      id\n      email\n      name\n    }\n    refTag {\n      id\n      name\n      code\n    }\n    referralURL {\n      id\n      slug\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview($range: DateRange!) {\n    me {\n      id\n      stats(range: $range) {\n        ...StatsFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Overview($range: DateRange!) {\n    me {\n      id\n      stats(range: $range) {\n        ...StatsFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LatestConversions {\n    conversions(first: 10) {\n      totalCount\n      edges {\n        node {\n          ...ConversionRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LatestConversions {\n    conversions(first: 10) {\n      totalCount\n      edges {\n        node {\n          ...ConversionRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConversionAdded {\n    conversionAdded {\n      ...ConversionRow\n    }\n  }\n"): (typeof documents)["\n  subscription ConversionAdded {\n    conversionAdded {\n      ...ConversionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RefTagRow on RefTag {\n    id\n    name\n    code\n    stats(range: $range) {\n      uniqueClicks\n      returningClicks\n      totalClicks\n      conversions\n      conversionRate\n    }\n  }\n"): (typeof documents)["\n  fragment RefTagRow on RefTag {\n    id\n    name\n    code\n    stats(range: $range) {\n      uniqueClicks\n      returningClicks\n      totalClicks\n      conversions\n      conversionRate\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RefTags($range: DateRange!, $after: Cursor) {\n    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...RefTagRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RefTags($range: DateRange!, $after: Cursor) {\n    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...RefTagRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRefTag($input: CreateRefTagInput!) {\n    createRefTag(input: $input) {\n      id\n      name\n      code\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRefTag($input: CreateRefTagInput!) {\n    createRefTag(input: $input) {\n      id\n      name\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameRefTag($input: UpdateRefTagInput!) {\n    updateRefTag(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RenameRefTag($input: UpdateRefTagInput!) {\n    updateRefTag(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Referral($range: DateRange!) {\n    me {\n      id\n      referralURL {\n        id\n        slug\n        url\n        redirectURL\n        stats(range: $range) {\n          ...StatsFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Referral($range: DateRange!) {\n    me {\n      id\n      referralURL {\n        id\n        slug\n        url\n        redirectURL\n        stats(range: $range) {\n          ...StatsFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlugAvailable($slug: String!) {\n    slugAvailable(slug: $slug) {\n      slug\n      status\n      reason\n    }\n  }\n"): (typeof documents)["\n  query SlugAvailable($slug: String!) {\n    slugAvailable(slug: $slug) {\n      slug\n      status\n      reason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateReferralURL($input: CreateReferralURLInput!) {\n    createReferralURL(input: $input) {\n      id\n      slug\n      url\n      redirectURL\n    }\n  }\n"): (typeof documents)["\n  mutation CreateReferralURL($input: CreateReferralURLInput!) {\n    createReferralURL(input: $input) {\n      id\n      slug\n      url\n      redirectURL\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateReferralURL($input: UpdateReferralURLInput!) {\n    updateReferralURL(input: $input) {\n      id\n      redirectURL\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateReferralURL($input: UpdateReferralURLInput!) {\n    updateReferralURL(input: $input) {\n      id\n      redirectURL\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateToken {\n    rotateToken\n  }\n"): (typeof documents)["\n  mutation RotateToken {\n    rotateToken\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n      email\n      timezone\n      hasPassword\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      name\n      email\n      timezone\n      hasPassword\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;