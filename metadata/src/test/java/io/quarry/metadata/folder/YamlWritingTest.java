package io.quarry.metadata.folder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** Scalars are quoted as go-yaml quotes them, so files written by Hasura's CLI come back unchanged. */
class YamlWritingTest {
    private static String scalar(String value) {
        return YamlWriting.write(JsonNodeFactory.instance.objectNode().put("k", value), true);
    }

    @Test
    void stringsAreQuotedOnlyWhenTheyWouldReadBackAsSomethingElse() {
        assertThat(scalar("plain text")).isEqualTo("k: plain text\n");
        assertThat(scalar("")).isEqualTo("k: \"\"\n");
        assertThat(scalar("true")).isEqualTo("k: \"true\"\n");
        assertThat(scalar("yes")).isEqualTo("k: \"yes\"\n");
        assertThat(scalar("123")).isEqualTo("k: \"123\"\n");
        assertThat(scalar("1.5")).isEqualTo("k: \"1.5\"\n");
        assertThat(scalar("null")).isEqualTo("k: \"null\"\n");
        assertThat(scalar("{{BASE}}/x")).isEqualTo("k: '{{BASE}}/x'\n");
        assertThat(scalar("a: b")).isEqualTo("k: 'a: b'\n");
        assertThat(scalar("it's")).isEqualTo("k: it's\n");
        assertThat(scalar("- x")).isEqualTo("k: '- x'\n");
        assertThat(scalar("X-Hasura-User-Id")).isEqualTo("k: X-Hasura-User-Id\n");
        assertThat(scalar("!include a.yaml")).isEqualTo("k: \"!include a.yaml\"\n");
    }

    @Test
    void multiLineStringsAreLiteralBlocks() {
        assertThat(scalar("a\n  b")).isEqualTo("k: |-\n  a\n    b\n");
        assertThat(scalar("a\nb\n")).isEqualTo("k: |\n  a\n  b\n");
        assertThat(scalar("a \nb")).isEqualTo("k: \"a \\nb\"\n");
    }

    @Test
    void sequenceIndentationFollowsTheStyle() {
        var node = JsonNodeFactory.instance.objectNode();
        node.putArray("columns").add("id").addObject().put("a", 1).put("b", false);
        assertThat(YamlWriting.write(node, true)).isEqualTo("columns:\n  - id\n  - a: 1\n    b: false\n");
        assertThat(YamlWriting.write(node, false)).isEqualTo("columns:\n- id\n- a: 1\n  b: false\n");
    }
}
