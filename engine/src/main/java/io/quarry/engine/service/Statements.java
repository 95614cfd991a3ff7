package io.quarry.engine.service;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarry.engine.plan.ParamText;
import io.quarry.engine.request.GraphQLRequest;
import io.quarry.engine.request.OperationPreparer;
import io.quarry.engine.request.VariableShape;
import io.quarry.engine.sql.SqlStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The compiled operations (queries and mutations) of one metadata version, each kept with where the request's
 * variables go in its statements, so that a request that was seen before (the same role, document, operation, and
 * shape of variables) costs a lookup and a binding instead of validation, planning and compilation.
 *
 * <p>Which parameters a variable fills is learned when a shape is first compiled: the operation is compiled once
 * more with each free variable replaced by a marker (see {@link VariableShape}); the parameters that hold a
 * marker are that variable's, every other parameter must be the same in both compilations, and the statements'
 * texts must be equal. Anything else (a variable that steers the text, or reaches a parameter transformed) leaves
 * the shape compiled afresh for every request, as all requests were before.
 */
public final class Statements {
    private final Map<Key, Entry> entries;

    Statements(int size) {
        // Bounded, and read without a lock every request would wait on.
        this.entries = Caffeine.newBuilder().maximumSize(size).<Key, Entry>build().asMap();
    }

    /**
     * Who compiles: a role, whether backend-only permissions apply, and whether the operation is polled as a live
     * query ({@code live}: the same document compiles to a multiplexed statement there).
     */
    public record Scope(String role, boolean backendOnly, boolean live) {
        public Scope {
            Objects.requireNonNull(role, "role");
        }
    }

    /** What compiling a request gave, and whether other requests of its shape may be bound from it. */
    public record Compiled(CompiledOperation operation, boolean reusable) {
        public Compiled {
            Objects.requireNonNull(operation, "operation");
        }
    }

    /** Whether the cache was asked, and what it had. */
    public enum Lookup { HIT, MISS, NOT_ASKED }

    /** The operation for a request, and how the cache served it. */
    public record Found(CompiledOperation operation, Lookup lookup) {
    }

    /** What a compiled operation answers: a document's operation in a scope, with variables of one shape. */
    private record Key(Scope scope, String operationName, String query, String shape) {
    }

    private sealed interface Entry {
    }

    /** An operation whose parameters at {@code bindings} are filled from each request's variables. */
    private record Bindable(CompiledOperation template, List<Binding> bindings) implements Entry {
    }

    /** A shape whose variables cannot be bound into one statement: compiled for each request. */
    private record Unbindable() implements Entry {
    }

    /** How a variable's coerced value becomes a parameter. */
    private enum Form { TEXT, JSON, TEXTS }

    /** The parameter {@code index} of the operation's statement {@code statement} is {@code variable}'s. */
    private record Binding(int statement, int index, String variable, Form form) {
    }

    int size() {
        return entries.size();
    }

    /**
     * The operation for {@code request} in {@code scope}: bound from this cache when its shape was compiled before,
     * else compiled by {@code compile} (which throws the request's error) and, when reusable, learned for the next
     * requests of its shape. Unless {@code cached} (a large document, a stream's later batch), it is just compiled.
     */
    public Found operation(Scope scope, OperationPreparer preparer, GraphQLRequest request, boolean cached,
            Function<GraphQLRequest, Compiled> compile) {
        if (!cached) {
            return new Found(compile.apply(request).operation(), Lookup.NOT_ASKED);
        }
        VariableShape shape = preparer.checkedShape(request);
        Optional<Key> key = shape.key(request.variables())
                .map(k -> new Key(scope, request.operationName().orElse(""), request.query(), k));
        if (key.isEmpty()) {
            return new Found(compile.apply(request).operation(), Lookup.NOT_ASKED);
        }
        Optional<CompiledOperation> bound = find(key.get(), shape, request);
        if (bound.isPresent()) {
            return new Found(bound.get(), Lookup.HIT);
        }
        Compiled compiled = compile.apply(request);
        if (compiled.reusable() && !entries.containsKey(key.get())) {
            learn(key.get(), shape, request, compiled.operation(), marked -> compile.apply(marked).operation());
        }
        return new Found(compiled.operation(), Lookup.MISS);
    }

    /**
     * The operation for {@code request} bound from a compiled one, or empty: not compiled yet, not bindable, or a
     * value its type refuses (which the full preparation reports in its own words). The request's variables are
     * checked already.
     */
    private Optional<CompiledOperation> find(Key key, VariableShape shape, GraphQLRequest request) {
        if (!(entries.get(key) instanceof Bindable compiled)) {
            return Optional.empty();
        }
        if (compiled.bindings().isEmpty()) {
            return Optional.of(compiled.template());
        }
        List<SqlStatement> templates = compiled.template().statements();
        List<List<Object>> params = new ArrayList<>(templates.size());
        templates.forEach(t -> params.add(new ArrayList<>(t.params())));
        Map<String, Object> coerced = new HashMap<>();
        try {
            for (Binding b : compiled.bindings()) {
                Object value = coerced.computeIfAbsent(b.variable(),
                        v -> shape.coerce(v, request.variables().get(v)));
                params.get(b.statement()).set(b.index(), form(value, b.form()));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<SqlStatement> bound = new ArrayList<>(templates.size());
        for (int i = 0; i < templates.size(); i++) {
            SqlStatement t = templates.get(i);
            bound.add(new SqlStatement(t.text(), params.get(i), t.sessionVariables(), t.usesSession(),
                    t.usesPrevious()));
        }
        return Optional.of(compiled.template().with(bound));
    }

    /**
     * Learns where the variables of {@code request} go in {@code compiled}, its compiled operation, by compiling the
     * request with markers in their place ({@code compile} throws for an operation that does not compile).
     */
    private void learn(Key key, VariableShape shape, GraphQLRequest request, CompiledOperation compiled,
            Function<GraphQLRequest, CompiledOperation> compile) {
        Entry entry;
        try {
            if (shape.given(request.variables()).isEmpty()) {
                // Nothing to bind: the shape's key holds every value that reaches the statements.
                entries.put(key, new Bindable(compiled, List.of()));
                return;
            }
            GraphQLRequest marked = new GraphQLRequest(request.query(), request.operationName(),
                    shape.markers(request.variables()));
            entry = bindings(shape, request, marked, compiled, compile.apply(marked))
                    .<Entry>map(b -> new Bindable(compiled, b)).orElse(new Unbindable());
        } catch (RuntimeException e) {
            entry = new Unbindable();
        }
        entries.put(key, entry);
    }

    private static Optional<List<Binding>> bindings(VariableShape shape, GraphQLRequest real, GraphQLRequest marked,
            CompiledOperation realOperation, CompiledOperation markedOperation) {
        List<SqlStatement> reals = realOperation.statements();
        List<SqlStatement> markeds = markedOperation.statements();
        if (reals.size() != markeds.size()) {
            return Optional.empty();
        }
        List<String> given = shape.given(real.variables());
        Map<String, Object> realValues = new HashMap<>();
        Map<String, Object> markers = new HashMap<>();
        for (String v : given) {
            realValues.put(v, shape.coerce(v, real.variables().get(v)));
            markers.put(v, shape.coerce(v, marked.variables().get(v)));
            if (Objects.deepEquals(realValues.get(v), markers.get(v))) {
                return Optional.empty();
            }
        }
        List<Binding> bindings = new ArrayList<>();
        Set<String> bound = new HashSet<>();
        for (int s = 0; s < reals.size(); s++) {
            List<Object> realParams = reals.get(s).params();
            List<Object> markedParams = markeds.get(s).params();
            if (!reals.get(s).text().equals(markeds.get(s).text()) || realParams.size() != markedParams.size()) {
                return Optional.empty();
            }
            for (int i = 0; i < markedParams.size(); i++) {
                Optional<Binding> binding = binding(s, i, markedParams.get(i), given, markers);
                Object realParam = realParams.get(i);
                if (binding.isEmpty()) {
                    if (!Objects.deepEquals(markedParams.get(i), realParam)) {
                        return Optional.empty();
                    }
                    continue;
                }
                Binding b = binding.get();
                // A constant that happens to equal a marker would be taken for a variable: the real value proves it.
                if (!Objects.deepEquals(form(realValues.get(b.variable()), b.form()), realParam)) {
                    return Optional.empty();
                }
                bindings.add(b);
                bound.add(b.variable());
            }
        }
        // A variable found nowhere was transformed on its way (or is unused): nothing proves where it goes.
        return bound.size() == given.size() ? Optional.of(bindings) : Optional.empty();
    }

    /** The variable whose marker, in one of its forms, is the parameter {@code param}. */
    private static Optional<Binding> binding(int statement, int index, Object param, List<String> given,
            Map<String, Object> markers) {
        for (String v : given) {
            Object marker = markers.get(v);
            for (Form form : marker instanceof List<?> ? List.of(Form.TEXTS) : List.of(Form.TEXT, Form.JSON)) {
                if (Objects.deepEquals(form(marker, form), param)) {
                    return Optional.of(new Binding(statement, index, v, form));
                }
            }
        }
        return Optional.empty();
    }

    private static Object form(Object value, Form form) {
        return switch (form) {
            case TEXT -> ParamText.of(value);
            case JSON -> ParamText.json(value);
            case TEXTS -> ((List<?>) value).stream().map(ParamText::of).toArray(String[]::new);
        };
    }
}
