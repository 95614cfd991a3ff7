package io.quarry.engine.service;

import io.netty.buffer.Unpooled;
import io.quarry.engine.plan.StreamCursor;
import io.quarry.engine.request.JsonChunks;
import io.quarry.engine.sql.CompiledMutation;
import io.quarry.engine.sql.MultiplexedQuery;
import io.quarry.engine.sql.SqlStatement;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operation compiles to, ready to run: its statements in order, and the same operation with other
 * statements (its parameters bound for another request) in their place.
 */
public sealed interface CompiledOperation {

    List<SqlStatement> statements();

    /** This operation with {@code statements} (as many, in the same order) in place of its own. */
    CompiledOperation with(List<SqlStatement> statements);

    /** A query: one statement answering {@code data}. */
    record Query(SqlStatement statement) implements CompiledOperation {
        public Query {
            Objects.requireNonNull(statement, "statement");
        }

        @Override
        public List<SqlStatement> statements() {
            return List.of(statement);
        }

        @Override
        public CompiledOperation with(List<SqlStatement> statements) {
            return new Query(statements.get(0));
        }
    }

    /**
     * A subscription: the multiplexed statement its cohort polls, with one subscriber's values; a streaming one has
     * its cursor and the response key of its field.
     */
    record Subscription(MultiplexedQuery query, Optional<StreamCursor> stream, String streamKey)
            implements CompiledOperation {
        public Subscription {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(streamKey, "streamKey");
        }

        @Override
        public List<SqlStatement> statements() {
            return List.of(new SqlStatement(query.text(), query.values()));
        }

        @Override
        public CompiledOperation with(List<SqlStatement> statements) {
            return new Subscription(new MultiplexedQuery(query.text(), statements.get(0).params(),
                    query.sessionVariables(), query.wholeSession()), stream, streamKey);
        }
    }

    /** A query answered from the schema alone (introspection): its whole response body, {@code {"data": ...}}. */
    record Answered(Buffer body) implements CompiledOperation {
        private static final byte[] DATA_START = "{\"data\":".getBytes(StandardCharsets.UTF_8);
        private static final byte[] END = {'}'};

        public Answered {
            Objects.requireNonNull(body, "body");
        }

        /**
         * The response around {@code data}, sent from its chunks as they are: a large schema's answer runs to
         * hundreds of megabytes, kept once for as long as it is cached. Vert.x 4 takes a Netty buffer only through
         * a deprecated method; it writes a buffer it did not allocate through a view it cannot release, so the
         * chunks serve every request.
         */
        @SuppressWarnings("deprecation")
        static Answered of(JsonChunks data) {
            List<ByteBuffer> parts = new ArrayList<>();
            parts.add(ByteBuffer.wrap(DATA_START).asReadOnlyBuffer());
            parts.addAll(data.buffers());
            parts.add(ByteBuffer.wrap(END).asReadOnlyBuffer());
            return new Answered(Buffer.buffer(Unpooled.wrappedBuffer(parts.toArray(ByteBuffer[]::new))));
        }

        @Override
        public List<SqlStatement> statements() {
            return List.of();
        }

        @Override
        public CompiledOperation with(List<SqlStatement> statements) {
            return this;
        }
    }

    /**
     * A mutation: its root fields in response order, the compiled writes of them all in order, and where each
     * compiled write reports its errors.
     */
    record Mutation(List<Root> roots, List<CompiledMutation> fields, List<String> errorPaths)
            implements CompiledOperation {
        public Mutation {
            roots = List.copyOf(roots);
            fields = List.copyOf(fields);
            errorPaths = List.copyOf(errorPaths);
        }

        /**
         * A root field by its response key: answered by {@code count} compiled writes (a list of their answers when
         * {@code many}), or, when {@code typename} is not null, by that name ({@code __typename}).
         */
        record Root(String key, String typename, boolean many, int count) {
            public Root {
                Objects.requireNonNull(key, "key");
            }
        }

        @Override
        public List<SqlStatement> statements() {
            return fields.stream().flatMap(f -> f.statements().stream()).toList();
        }

        @Override
        public CompiledOperation with(List<SqlStatement> statements) {
            List<CompiledMutation> bound = new ArrayList<>(fields.size());
            int next = 0;
            for (CompiledMutation field : fields) {
                List<SqlStatement> writes = statements.subList(next, next + field.writes().size());
                next += writes.size();
                Optional<SqlStatement> read = field.read().isPresent() ? Optional.of(statements.get(next++))
                        : Optional.empty();
                bound.add(new CompiledMutation(writes, read, field.required()));
            }
            return new Mutation(roots, bound, errorPaths);
        }

        /** The response, {@code {"data": {...}}}, from the answers of {@link #fields}, in order. */
        Buffer answer(List<Buffer> answers) {
            Buffer out = Buffer.buffer().appendString("{\"data\":{");
            int next = 0;
            for (int i = 0; i < roots.size(); i++) {
                Root root = roots.get(i);
                out.appendString((i > 0 ? "," : "") + '"' + root.key() + "\":");
                if (root.typename() != null) {
                    out.appendString('"' + root.typename() + '"');
                } else if (root.many()) {
                    out.appendByte((byte) '[');
                    for (int a = 0; a < root.count(); a++) {
                        appendJson(a > 0 ? out.appendByte((byte) ',') : out, answers.get(next++));
                    }
                    out.appendByte((byte) ']');
                } else {
                    appendJson(out, answers.get(next++));
                }
            }
            return out.appendString("}}");
        }

        /** A field's answer; none (a row by key that is not there) is {@code null}. */
        private static void appendJson(Buffer out, Buffer json) {
            if (json == null) {
                out.appendString("null");
            } else {
                out.appendBuffer(json);
            }
        }
    }
}
