package io.quarry.cli.project;

import java.net.URI;
import java.util.Optional;

/**
 * A running engine: its base URL, the admin secret to send (if any) and the metadata API path (config.yaml's
 * {@code api_paths.v1_metadata}, {@code v1/metadata} by default).
 */
public record Endpoint(URI url, Optional<String> adminSecret, String metadataPath) {
    public Endpoint {
        if (url == null || url.getScheme() == null || url.getHost() == null) {
            throw new ProjectException("the endpoint " + url + " is not a URL; pass --endpoint http://host:port");
        }
        adminSecret = adminSecret == null ? Optional.empty() : adminSecret.filter(s -> !s.isEmpty());
        metadataPath = metadataPath == null || metadataPath.isBlank() ? "v1/metadata" : metadataPath;
    }

    public static Endpoint of(String url, String adminSecret) {
        return new Endpoint(URI.create(url), Optional.ofNullable(adminSecret), null);
    }

    URI metadataUri() {
        return resolve(metadataPath);
    }

    /** A path of the engine's API, such as {@code v1/graphql}. */
    URI resolve(String path) {
        String base = url.toString().endsWith("/") ? url.toString() : url + "/";
        return URI.create(base + (path.startsWith("/") ? path.substring(1) : path));
    }

    @Override
    public String toString() {
        return url + (adminSecret.isPresent() ? " (admin secret <masked>)" : "");
    }
}
