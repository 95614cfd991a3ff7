/**
 * The metadata model: which tables are tracked in which source, their relationships and their permissions.
 *
 * <p>Everything here is an immutable record; changes return a new {@link io.quarry.metadata.Metadata}.
 * {@link io.quarry.metadata.MetadataJson} reads and writes Hasura's metadata (version 3) JSON. A table's
 * {@code is_enum}, configuration ({@link io.quarry.metadata.TableConfig}), computed fields
 * ({@link io.quarry.metadata.ComputedField}) and permissions, a source's tracked functions
 * ({@link io.quarry.metadata.TrackedFunction}), configuration ({@link io.quarry.metadata.SourceConfig}) and
 * customization ({@link io.quarry.metadata.SourceCustomization}), the inherited roles
 * ({@link io.quarry.metadata.InheritedRole}) and the request protections (query collections, the allow-list, API
 * limits and introspection options) are typed. Parts of the format Quarry does not serve (actions, remote schemas,
 * event triggers, ...) are kept verbatim in the {@code other} maps as {@link io.quarry.metadata.JsonValue}s, so a
 * replace followed by an export loses nothing.
 *
 * <p>Permissions are typed: a table's {@link io.quarry.metadata.TablePermissions} holds one
 * {@link io.quarry.metadata.Permission} per role and kind, whose {@link io.quarry.metadata.PermissionRule} carries
 * its columns, presets and boolean expressions ({@link io.quarry.metadata.BoolExpr}), read once when the metadata
 * is read. Two things make them round-trip exactly. The same metadata reaches us in two key orders (the server's
 * export, {@code role, permission}, and the CLI's project folder, alphabetical), so a rule remembers the keys it was
 * read with, in order, and writes them back so ({@code OrderedKeys}; the configuration and computed fields do the
 * same); keys it was not read with follow in Hasura's order, left out when
 * they hold their default. And a boolean expression keeps each key's spelling ({@code $eq} or {@code _eq}, a bare
 * value or {@code {_eq: ..}}) and each object's key order, since what a field name means (column, relationship,
 * computed field) is only known against a catalog. Literals are {@link io.quarry.metadata.JsonValue}s, our own
 * immutable JSON records, never Jackson nodes.
 *
 * <p>This module knows nothing of the database: checking the metadata against a live catalog is the engine's job.
 */
package io.quarry.metadata;
