package io.quarry.cli.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/** A unified diff of two sets of metadata files, file by file (so table by table), with a few lines of context. */
final class FileDiff {
    private static final int CONTEXT = 3;

    private FileDiff() {
    }

    /** The diff from {@code from} (what the engine has) to {@code to} (what the project says); empty if equal. */
    static String of(SortedMap<String, String> from, SortedMap<String, String> to, String fromLabel, String toLabel) {
        StringBuilder out = new StringBuilder();
        for (String file : new TreeSet<>(union(from, to))) {
            String a = from.getOrDefault(file, "");
            String b = to.getOrDefault(file, "");
            if (a.equals(b)) {
                continue;
            }
            out.append("--- ").append(from.containsKey(file) ? fromLabel + "/" + file : "/dev/null").append('\n');
            out.append("+++ ").append(to.containsKey(file) ? toLabel + "/" + file : "/dev/null").append('\n');
            hunks(lines(a), lines(b), out);
        }
        return out.toString();
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\n", -1)).subList(0, text.endsWith("\n") ? text.split("\n", -1).length - 1
                : text.split("\n", -1).length);
    }

    /** Longest common subsequence over lines; metadata files are small enough for the quadratic table. */
    private static void hunks(List<String> a, List<String> b, StringBuilder out) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // Edit script: ' ', '-' or '+' with the line and its positions.
        List<String[]> script = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                script.add(new String[] {" ", a.get(i), String.valueOf(i), String.valueOf(j)});
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                script.add(new String[] {"-", a.get(i), String.valueOf(i), String.valueOf(j)});
                i++;
            } else {
                script.add(new String[] {"+", b.get(j), String.valueOf(i), String.valueOf(j)});
                j++;
            }
        }
        int k = 0;
        while (k < script.size()) {
            if (script.get(k)[0].equals(" ")) {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int lastChange = k;
            while (end < script.size() && (end - lastChange) <= 2 * CONTEXT) {
                if (!script.get(end)[0].equals(" ")) {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(script.size(), lastChange + CONTEXT + 1);
            int fromStart = Integer.parseInt(script.get(start)[2]);
            int toStart = Integer.parseInt(script.get(start)[3]);
            int fromCount = 0;
            int toCount = 0;
            for (int x = start; x < end; x++) {
                String op = script.get(x)[0];
                fromCount += op.equals("+") ? 0 : 1;
                toCount += op.equals("-") ? 0 : 1;
            }
            out.append("@@ -").append(fromStart + (fromCount == 0 ? 0 : 1)).append(',').append(fromCount)
                    .append(" +").append(toStart + (toCount == 0 ? 0 : 1)).append(',').append(toCount).append(" @@\n");
            for (int x = start; x < end; x++) {
                out.append(script.get(x)[0]).append(script.get(x)[1]).append('\n');
            }
            k = end;
        }
    }
}
