package io.quarry.engine.auth;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Until when an answer may be reused, from its {@code Cache-Control: max-age=N} or {@code Expires} (HTTP date). */
final class CacheExpiry {
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    private CacheExpiry() {
    }

    static Optional<Instant> of(String cacheControl, String expires) {
        if (cacheControl != null) {
            Matcher m = MAX_AGE.matcher(cacheControl);
            if (m.find()) {
                return Optional.of(Instant.now().plusSeconds(Long.parseLong(m.group(1))));
            }
        }
        if (expires != null) {
            try {
                return Optional.of(ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
