package io.quarry.engine.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which browser origins may call the engine, read as Hasura reads {@code HASURA_GRAPHQL_CORS_DOMAIN} and
 * {@code HASURA_GRAPHQL_DISABLE_CORS}: every origin by default ({@code *}); else a comma-separated list of origins
 * ({@code https://app.example.com}, {@code http://localhost:3000}) and wildcards of one subdomain level
 * ({@code https://*.example.com}); or none at all when disabled, in which case no CORS header is ever sent.
 *
 * @param disabled   no CORS headers, whatever the origin
 * @param allowAll   every origin is allowed
 * @param origins    the origins allowed as written (scheme, host and port)
 * @param wildcards  the wildcard domains: an origin one subdomain below one of them is allowed
 */
public record CorsConfig(boolean disabled, boolean allowAll, Set<String> origins, Set<Domain> wildcards) {

    /** An origin's parts as Hasura compares them: scheme ({@code https://}), host and port (if written). */
    public record Domain(String scheme, String host, Optional<Integer> port) {
        public Domain {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(port, "port");
        }
    }

    public CorsConfig {
        origins = Set.copyOf(origins);
        wildcards = Set.copyOf(wildcards);
    }

    public static CorsConfig allowingAll() {
        return new CorsConfig(false, true, Set.of(), Set.of());
    }

    public static CorsConfig off() {
        return new CorsConfig(true, false, Set.of(), Set.of());
    }

    /**
     * The configuration of {@code --cors-domain} and {@code --disable-cors}; an empty or absent list is {@code *}.
     *
     * @throws IllegalArgumentException with Hasura's words for a domain that is not a scheme, a host (with an optional
     *                                  {@code *.} before it) and an optional port
     */
    public static CorsConfig of(String domains, boolean disable) {
        if (disable) {
            return off();
        }
        if (domains == null || domains.isBlank() || domains.strip().equals("*")) {
            return allowingAll();
        }
        Set<String> origins = new LinkedHashSet<>();
        Set<Domain> wildcards = new LinkedHashSet<>();
        for (String raw : domains.split(",", -1)) {
            String domain = raw.strip();
            if (domain.startsWith("http://*.") || domain.startsWith("https://*.")) {
                int star = domain.indexOf("*.");
                wildcards.add(parts(domain.substring(0, star), domain.substring(star + 2), domain));
            } else {
                String scheme = scheme(domain).orElseThrow(() -> invalid(domain));
                Domain parts = parts(scheme, domain.substring(scheme.length()), domain);
                origins.add(parts.scheme() + parts.host() + parts.port().map(p -> ":" + p).orElse(""));
            }
        }
        return new CorsConfig(false, false, origins, wildcards);
    }

    /** Whether a request's {@code Origin} gets CORS headers. */
    public boolean allows(String origin) {
        if (disabled) {
            return false;
        }
        if (allowAll || origins.contains(origin)) {
            return true;
        }
        // The origin's first label is dropped and the rest compared with the wildcards, so *.example.com allows
        // https://app.example.com but neither https://example.com nor https://a.b.example.com.
        Optional<String> scheme = scheme(origin);
        if (scheme.isEmpty()) {
            return false;
        }
        String rest = origin.substring(scheme.get().length());
        int dot = rest.indexOf('.');
        if (dot < 0) {
            return false;
        }
        try {
            return wildcards.contains(parts(scheme.get(), rest.substring(dot + 1), origin));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> scheme(String domain) {
        for (String scheme : List.of("http://", "https://")) {
            if (domain.startsWith(scheme)) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }

    /** A host with an optional {@code :port}; everything up to a colon is the host, as Hasura's parser reads it. */
    private static Domain parts(String scheme, String hostAndPort, String domain) {
        int colon = hostAndPort.indexOf(':');
        if (colon < 0) {
            if (hostAndPort.isEmpty()) {
                throw invalid(domain);
            }
            return new Domain(scheme, hostAndPort, Optional.empty());
        }
        String port = hostAndPort.substring(colon + 1);
        if (colon == 0 || !port.matches("\\d{1,5}")) {
            throw invalid(domain);
        }
        return new Domain(scheme, hostAndPort.substring(0, colon), Optional.of(Integer.parseInt(port)));
    }

    private static IllegalArgumentException invalid(String domain) {
        return new IllegalArgumentException("invalid domain: '" + domain
                + "'. All domains should have scheme + (optional wildcard) host + (optional port)");
    }

    @Override
    public String toString() {
        if (disabled) {
            return "CorsConfig[disabled]";
        }
        if (allowAll) {
            return "CorsConfig[*]";
        }
        List<String> all = new ArrayList<>(origins);
        wildcards.forEach(w -> all.add(w.scheme() + "*." + w.host() + w.port().map(p -> ":" + p).orElse("")));
        return "CorsConfig" + all;
    }
}
