package io.quarry.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.request.FieldNode;
import io.quarry.engine.schema.RoleSchema;
import io.quarry.engine.schema.RootFieldInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a streaming subscription ({@code <table>_stream}) stands: the column it streams by, the last value it has
 * sent, its ordering and batch size. Each poll reads the next rows past the cursor as a plain select of the table
 * ({@code where} narrowed to rows past it, ordered by it, at most a batch), with the cursor's column under a key of
 * its own so that the next cursor can be read off the last row; that key is taken out before the rows are sent.
 */
public record StreamCursor(String column, Object value, boolean ascending, int batchSize, Object where) {
    public static final String KEY = "__cursor";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cursor a {@code <table>_stream} field starts from. */
    public static StreamCursor of(FieldNode field) {
        String path = field.path() + ".args";
        int batchSize = field.arguments().get("batch_size") instanceof Number n ? n.intValue() : 0;
        if (batchSize < 1) {
            throw ApiError.validation(path + ".batch_size", "expected a positive integer for batch_size");
        }
        List<?> cursors = field.arguments().get("cursor") instanceof List<?> l ? l : List.of();
        if (cursors.size() != 1 || !(cursors.get(0) instanceof Map<?, ?> cursor)) {
            throw ApiError.validation(path + ".cursor", "one cursor input is expected");
        }
        Map<?, ?> initial = cursor.get("initial_value") instanceof Map<?, ?> m ? m : Map.of();
        List<Map.Entry<?, ?>> values = initial.entrySet().stream().filter(e -> e.getValue() != null)
                .<Map.Entry<?, ?>>map(e -> e).toList();
        if (values.size() != 1) {
            throw ApiError.validation(path + ".cursor.initial_value", "exactly one column is expected in initial_value");
        }
        boolean ascending = !"DESC".equals(String.valueOf(cursor.get("ordering")));
        return new StreamCursor((String) values.get(0).getKey(), values.get(0).getValue(), ascending, batchSize,
                field.arguments().get("where"));
    }

    /**
     * The root fields of a subscription as they are planned: a {@code <table>_stream} field as a select from
     * {@code cursor} (from its own initial value when empty), the others as they are; the cursor used, if any.
     */
    public static Optional<StreamCursor> streams(RoleSchema schema, List<FieldNode> roots,
            Optional<StreamCursor> cursor) {
        Optional<StreamCursor> used = Optional.empty();
        for (int i = 0; i < roots.size(); i++) {
            FieldNode root = roots.get(i);
            Optional<RootFieldInfo> info = schema.rootField(root.name());
            if (info.isPresent() && info.get().kind() == RootFieldInfo.Kind.SELECT_STREAM) {
                if (roots.size() > 1) {
                    throw ApiError.validation("$", "multiple top level fields in a streaming subscription are not "
                            + "supported");
                }
                StreamCursor from = cursor.orElseGet(() -> StreamCursor.of(root));
                roots.set(i, from.select(root, info.get().table()));
                used = Optional.of(from);
            }
        }
        return used;
    }

    /** The field as a select of the rows past the cursor, with the cursor column under {@link #KEY}. */
    public FieldNode select(FieldNode field, TableInfo table) {
        Map<String, Object> past = Map.of(column, Map.of(ascending ? "_gt" : "_lt", value));
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("where", where == null ? past : Map.of("_and", List.of(where, past)));
        arguments.put("order_by", List.of(Map.of(column, ascending ? "asc" : "desc")));
        arguments.put("limit", batchSize);
        List<FieldNode> children = new ArrayList<>(field.children());
        children.add(new FieldNode(KEY, column, table.typeName(), Map.of(), List.of(),
                field.path() + ".selectionSet." + KEY));
        return new FieldNode(field.key(), field.name(), field.parentType(), arguments, children, field.path());
    }

    /**
     * What a poll answered: the body to send (the rows without the cursor key) and the cursor after them, or null
     * when there are no new rows.
     */
    public Batch next(String key, String data) {
        try {
            JsonNode tree = JSON.readTree(data);
            JsonNode rows = tree.path(key);
            if (!rows.isArray() || rows.isEmpty()) {
                return null;
            }
            JsonNode last = rows.get(rows.size() - 1).get(KEY);
            for (JsonNode row : rows) {
                ((ObjectNode) row).remove(KEY);
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("data", tree);
            Object next = last == null || last.isNull() ? value : JSON.treeToValue(last, Object.class);
            return new Batch(JSON.writeValueAsString(body), new StreamCursor(column, next, ascending, batchSize, where));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Batch(String body, StreamCursor cursor) {
        public Batch {
            Objects.requireNonNull(body, "body");
        }
    }

}
