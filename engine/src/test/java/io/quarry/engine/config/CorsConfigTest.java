package io.quarry.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Origins read and matched as Hasura reads {@code HASURA_GRAPHQL_CORS_DOMAIN}. */
class CorsConfigTest {
    @Test
    void everyOriginByDefaultOrWithAStar() {
        for (String domains : new String[] {null, "", " ", "*"}) {
            CorsConfig config = CorsConfig.of(domains, false);
            assertThat(config.allows("https://anything.example")).isTrue();
            assertThat(config.allows("null")).isTrue();
        }
    }

    @Test
    void disabledAllowsNothing() {
        assertThat(CorsConfig.of("*", true).allows("https://app.example.com")).isFalse();
        assertThat(CorsConfig.of("https://app.example.com", true).allows("https://app.example.com")).isFalse();
    }

    @Test
    void originsMatchWithSchemeHostAndPort() {
        CorsConfig config = CorsConfig.of("https://app.example.com, http://localhost:3000", false);
        assertThat(config.allows("https://app.example.com")).isTrue();
        assertThat(config.allows("http://localhost:3000")).isTrue();
        assertThat(config.allows("http://app.example.com")).isFalse();
        assertThat(config.allows("https://app.example.com:8443")).isFalse();
        assertThat(config.allows("http://localhost")).isFalse();
        assertThat(config.allows("http://localhost:3001")).isFalse();
    }

    @Test
    void aWildcardAllowsOneSubdomainLevelOnItsSchemeAndPort() {
        CorsConfig config = CorsConfig.of("https://*.example.com, http://*.test.local:8080", false);
        assertThat(config.allows("https://app.example.com")).isTrue();
        assertThat(config.allows("https://example.com")).isFalse();
        assertThat(config.allows("https://a.b.example.com")).isFalse();
        assertThat(config.allows("http://app.example.com")).isFalse();
        assertThat(config.allows("https://app.example.com:443")).isFalse();
        assertThat(config.allows("http://api.test.local:8080")).isTrue();
        assertThat(config.allows("http://api.test.local")).isFalse();
        assertThat(config.allows("not a url")).isFalse();
    }

    @Test
    void aDomainWithoutSchemeOrWithABadPortIsRefusedInHasurasWords() {
        for (String domain : new String[] {"example.com", "ftp://example.com", "https://", "https://a.com:port",
                "https://a.com,"}) {
            String bad = domain.endsWith(",") ? "" : domain;
            assertThatThrownBy(() -> CorsConfig.of(domain, false)).as(domain)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid domain: '" + bad + "'. All domains should have scheme + (optional "
                            + "wildcard) host + (optional port)");
        }
    }
}
