package io.quarry.engine.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code path} argument of json and jsonb fields, in Hasura's syntax: an optional {@code $}, then keys
 * ({@code .key}, or a bare {@code key} first), indexes ({@code [0]}) and quoted keys ({@code ['key']},
 * {@code ["key"]}). Parsed into the elements Postgres's {@code #>} takes.
 */
final class JsonPath {
    private JsonPath() {
    }

    static List<String> parse(String path) {
        List<String> elements = new ArrayList<>();
        int i = path.startsWith("$") ? 1 : 0;
        boolean first = true;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
                if (i < path.length() && path.charAt(i) == '[') {
                    continue;
                }
                int end = keyEnd(path, i);
                elements.add(require(path.substring(i, end), path));
                i = end;
            } else if (c == '[') {
                int close;
                if (i + 1 < path.length() && (path.charAt(i + 1) == '\'' || path.charAt(i + 1) == '"')) {
                    char quote = path.charAt(i + 1);
                    int endQuote = path.indexOf(quote, i + 2);
                    if (endQuote < 0 || endQuote + 1 >= path.length() || path.charAt(endQuote + 1) != ']') {
                        throw invalid(path);
                    }
                    elements.add(path.substring(i + 2, endQuote));
                    close = endQuote + 1;
                } else {
                    close = path.indexOf(']', i);
                    if (close < 0) {
                        throw invalid(path);
                    }
                    String index = path.substring(i + 1, close);
                    if (!index.matches("\\d+")) {
                        throw invalid(path);
                    }
                    elements.add(index);
                }
                i = close + 1;
            } else if (first) {
                int end = keyEnd(path, i);
                elements.add(require(path.substring(i, end), path));
                i = end;
            } else {
                throw invalid(path);
            }
            first = false;
        }
        return elements;
    }

    private static int keyEnd(String path, int from) {
        int i = from;
        while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
            i++;
        }
        return i;
    }

    private static String require(String key, String path) {
        if (key.isEmpty()) {
            throw invalid(path);
        }
        return key;
    }

    private static IllegalArgumentException invalid(String path) {
        return new IllegalArgumentException("parse json path error: " + path);
    }
}
