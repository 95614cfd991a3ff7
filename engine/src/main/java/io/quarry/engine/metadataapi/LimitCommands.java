package io.quarry.engine.metadataapi;

import io.quarry.engine.error.ApiError;
import io.quarry.engine.error.ErrorCode;
import io.quarry.metadata.ApiLimits;
import io.quarry.metadata.Metadata;
import io.quarry.metadata.MetadataException;
import io.quarry.metadata.MetadataJson;
import java.util.List;

/** {@code set_api_limits}, {@code remove_api_limits} and {@code set_graphql_schema_introspection_options}. */
final class LimitCommands {
    private LimitCommands() {
    }

    /** Replaces the API limits whole, as Hasura does: limits the request leaves out are removed. */
    static Metadata setApiLimits(Metadata metadata, Args args) {
        try {
            return metadata.withApiLimits(ApiLimits.read(args.node(), Args.PATH).normalized());
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
    }

    static Metadata removeApiLimits(Metadata metadata) {
        return metadata.withApiLimits(ApiLimits.none());
    }

    static Metadata setIntrospectionOptions(Metadata metadata, Args args) {
        if (args.get("disabled_for_roles") == null) {
            throw Args.missing("disabled_for_roles");
        }
        List<String> roles;
        try {
            roles = MetadataJson.readRoles(args.get("disabled_for_roles"), Args.PATH + ".disabled_for_roles");
        } catch (MetadataException e) {
            throw new ApiError(ErrorCode.PARSE_FAILED, e.path(), e.getMessage());
        }
        return metadata.withIntrospectionDisabledFor(roles.stream().distinct().toList());
    }
}
