/**
 * Real-time GraphQL over WebSocket, as Hasura serves it.
 *
 * <p>{@link io.quarry.engine.subscribe.WebSockets} accepts sockets on {@code /v1/graphql} speaking either
 * {@code graphql-transport-ws} or Apollo's {@code graphql-ws}; each socket authenticates once, at
 * {@code connection_init}, and runs queries and mutations through the engine as HTTP does.
 *
 * <p>Subscriptions are live queries, multiplexed (Hasura's design): a subscription is planned into a statement whose
 * text depends only on the role and the document's shape, never on values; the subscriber's GraphQL variables and
 * session values become two JSON texts. Subscribers whose statements are equal form one {@code Cohort}, polled every
 * refetch interval by ONE statement per batch of distinct (session, parameters) rows:
 * {@code unnest($1::text[], $2::text[]) WITH ORDINALITY} joined LATERAL to the query, which reads its values from
 * the row. Each subscriber keeps the hash of the last answer it was sent and is sent another only when its row's
 * answer hashes differently. A poll starts from a timer but runs on the subscription workers and its statements on
 * connections of their own, so a slow poll never delays a request or another poll of the same cohort (a cohort's
 * poll is skipped while its previous one runs). A new subscriber need not wait for the interval: a join schedules a
 * poll of the cohort a few milliseconds later for its members that have had no answer yet, one for all who join
 * meanwhile; an interval's poll that falls while it runs runs right after it rather than being skipped. A poll that fails (the database is down, say) sends every subscriber of the batch the error, at each
 * poll while it lasts, as Hasura does; the subscriptions go on, and the first answer after it is always sent.
 * Subscribers planned under an older metadata version are planned again before a poll; one whose field is gone is
 * sent the error and completed.
 *
 * <p>A streaming subscription ({@code <table>_stream}) is a select of the rows past its cursor, ordered by the cursor
 * column, a batch at a time; its cursor is one more of its parameters, so streams of one plan are multiplexed the same
 * way. After each non-empty batch the subscriber is planned again from the last row's cursor value.
 */
package io.quarry.engine.subscribe;
