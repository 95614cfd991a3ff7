package io.quarry.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathTest {
    @Test
    void parsesHasurasPathSyntax() {
        assertThat(JsonPath.parse("$")).isEmpty();
        assertThat(JsonPath.parse("$.obj.c1")).containsExactly("obj", "c1");
        assertThat(JsonPath.parse(".obj.c1")).containsExactly("obj", "c1");
        assertThat(JsonPath.parse("a")).containsExactly("a");
        assertThat(JsonPath.parse("arr[0]")).containsExactly("arr", "0");
        assertThat(JsonPath.parse("['!@#$%^']")).containsExactly("!@#$%^");
        assertThat(JsonPath.parse("objs[0][\"你好\"]")).containsExactly("objs", "0", "你好");
        assertThat(JsonPath.parse("objs[0].[\"你好\"]")).isEqualTo(List.of("objs", "0", "你好"));
    }

    @Test
    void rejectsMalformedPaths() {
        assertThatThrownBy(() -> JsonPath.parse("a[x]")).hasMessageContaining("parse json path error");
        assertThatThrownBy(() -> JsonPath.parse("a['b")).hasMessageContaining("parse json path error");
        assertThatThrownBy(() -> JsonPath.parse("a..b")).hasMessageContaining("parse json path error");
    }
}
