package io.quarry.engine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.engine.execute.Executor;
import io.quarry.engine.execute.Scripts;
import io.quarry.engine.model.TableInfo;
import io.quarry.engine.plan.Field;
import io.quarry.engine.plan.Output;
import io.quarry.engine.plan.TableSelect;
import io.quarry.engine.plan.V1Select;
import io.quarry.engine.sql.InsertStatements;
import io.quarry.engine.sql.QueryCompiler;
import io.quarry.engine.sql.SqlStatement;
import io.quarry.metadata.MetadataJson;
import io.quarry.metadata.QualifiedTable;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The v1 data commands of {@code /v1/query}, {@code insert} and {@code select}, run as the admin. */
final class DataCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Executor executor;
    private final Scripts scripts;
    private final boolean stringifyNumbers;

    DataCommands(Executor executor, Scripts scripts, boolean stringifyNumbers) {
        this.executor = executor;
        this.scripts = scripts;
        this.stringifyNumbers = stringifyNumbers;
    }

    /** The v1 {@code select}: rows of a tracked table as a JSON array, in one statement. */
    Future<JsonNode> select(EngineState state, JsonNode args) {
        TableSelect select = V1Select.plan(state.admin().schema(), table(state, args),
                JSON.convertValue(args, Map.class));
        SqlStatement statement = QueryCompiler.query(List.of(new Output("rows", new Field.Rows(select, List.of()))),
                stringifyNumbers);
        return executor.json(statement).map(json -> {
            try {
                return JSON.readTree(json).get("rows");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the database answered invalid JSON", e);
            }
        });
    }

    /** The v1 {@code insert}: rows as JSON objects into a tracked table, in one transaction. */
    Future<JsonNode> insert(EngineState state, JsonNode args) {
        TableInfo info = table(state, args);
        // Objects with the same keys go in one statement; a key left out takes the column's default.
        Map<List<String>, ArrayNode> groups = new LinkedHashMap<>();
        for (JsonNode object : args.path("objects")) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            groups.computeIfAbsent(keys, k -> JSON.createArrayNode()).add(object);
        }
        List<SqlStatement> statements = new ArrayList<>();
        groups.forEach((columns, rows) -> statements.add(InsertStatements.fromJson(info, columns, rows.toString())));
        return scripts.transaction(statements)
                .map(count -> (JsonNode) JSON.createObjectNode().put("affected_rows", count));
    }

    private static TableInfo table(EngineState state, JsonNode args) {
        QualifiedTable table = MetadataJson.readTable(args.get("table"), "$.args.table");
        return state.model().table(table).orElseThrow(() -> new ApiError(ErrorCode.NOT_EXISTS, "$.args.table",
                "table \"" + table + "\" does not exist"));
    }
}
