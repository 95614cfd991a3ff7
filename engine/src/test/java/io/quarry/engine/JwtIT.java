package io.quarry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.quarry.engine.config.AuthConfig;
import io.quarry.engine.config.EngineConfig;
import io.quarry.engine.testing.TestDatabase;
import io.quarry.engine.testing.TestServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests authenticated by JWTs signed in the test: with a shared key, and with keys from a JWK set URL. */
class JwtIT {
    private static final String SECRET = "a-shared-secret-of-at-least-thirty-two-bytes";
    private static TestDatabase db;
    private static HttpServer jwks;
    private static RSAKey rsa;
    private static TestServer hs;
    private static TestServer rs;
    private static TestServer ed;
    private static TestServer cookie;
    private static com.nimbusds.jose.jwk.OctetKeyPair edKey;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(JwtIT.class);
        db.execute("CREATE TABLE note (id int PRIMARY KEY, owner int, body text);"
                + "INSERT INTO note VALUES (1, 1, 'mine'), (2, 2, 'yours');");
        rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks", exchange -> {
            byte[] body = new JWKSet(rsa.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Cache-Control", "max-age=300");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        EngineConfig base = EngineConfig.defaults().withDatabaseUrl(db.url()).withAdminSecret(Optional.of("s"));
        hs = TestServer.start(base.withAuth(auth("{\"type\":\"HS256\",\"key\":\"" + SECRET + "\","
                + "\"audience\":\"quarry\",\"issuer\":\"tests\",\"allowed_skew\":5}")));
        rs = TestServer.start(base.withAuth(auth("{\"jwk_url\":\"http://127.0.0.1:" + jwks.getAddress().getPort()
                + "/jwks\",\"claims_namespace_path\":\"$.app.claims\",\"claims_format\":\"stringified_json\"}")));
        edKey = new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.Ed25519).generate();
        byte[] spki = java.util.HexFormat.of().parseHex("302a300506032b6570032100" + java.util.HexFormat.of()
                .formatHex(edKey.getX().decode()));
        String pem = "-----BEGIN PUBLIC KEY-----\\n" + java.util.Base64.getEncoder().encodeToString(spki)
                + "\\n-----END PUBLIC KEY-----";
        ed = TestServer.start(base.withAuth(auth("{\"type\":\"Ed25519\",\"key\":\"" + pem + "\"}")));
        cookie = TestServer.start(base.withAuth(auth("{\"type\":\"HS256\",\"key\":\"" + SECRET + "\","
                + "\"header\":{\"type\":\"Cookie\",\"name\":\"token\"},\"claims_map\":{"
                + "\"x-hasura-allowed-roles\":{\"path\":\"$.roles\"},\"x-hasura-default-role\":{\"path\":\"$.role\","
                + "\"default\":\"user\"},\"x-hasura-user-id\":{\"path\":\"$.sub\"}}}")));
        hs.post("/v1/metadata", """
                {"type":"bulk","args":[{"type":"pg_track_table","args":{"table":"note"}},
                 {"type":"pg_create_select_permission","args":{"table":"note","role":"user","permission":{
                   "columns":["id","body"],"filter":{"owner":{"_eq":"X-Hasura-User-Id"}}}}},
                 {"type":"pg_create_select_permission","args":{"table":"note","role":"auditor","permission":{
                   "columns":["id"],"filter":{}}}},
                 {"type":"pg_create_insert_permission","args":{"table":"note","role":"user","permission":{
                   "columns":["id","owner","body"],"check":{},"backend_only":true}}}]}
                """, Map.of("x-hasura-admin-secret", "s"));
        for (TestServer other : List.of(rs, ed, cookie)) {
            other.post("/v1/metadata", "{\"type\":\"reload_metadata\",\"args\":{}}", Map.of("x-hasura-admin-secret", "s"));
        }
    }

    private static AuthConfig auth(String jwt) {
        return new AuthConfig(Optional.empty(), false, Duration.ofSeconds(1), Optional.empty(), Optional.of(jwt));
    }

    @AfterAll
    static void tearDown() {
        hs.close();
        rs.close();
        ed.close();
        cookie.close();
        jwks.stop(0);
        db.close();
    }

    private static Map<String, Object> hasura(String userId) {
        return Map.of("x-hasura-allowed-roles", List.of("user", "auditor"), "x-hasura-default-role", "user",
                "x-hasura-user-id", userId);
    }

    private static String hs256(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder valid(String userId) {
        return new JWTClaimsSet.Builder().audience("quarry").issuer("tests")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .claim("https://hasura.io/jwt/claims", hasura(userId));
    }

    private static JsonNode query(TestServer server, String token, Map<String, String> extra) {
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("Authorization", "Bearer " + token);
        return server.post("/v1/graphql", "{\"query\":\"{ note { id } }\"}", headers).body();
    }

    private static String code(JsonNode body) {
        return body.at("/errors/0/extensions/code").asText();
    }

    @Test
    void aTokenClaimingBackendOnlyPermissionsCannotInsertThroughThem() throws Exception {
        Map<String, Object> claims = new java.util.HashMap<>(hasura("1"));
        claims.put("x-hasura-use-backend-only-permissions", "true");
        String token = hs256(valid("1").claim("https://hasura.io/jwt/claims", claims).build(), SECRET);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token,
                "x-hasura-use-backend-only-permissions", "true");
        JsonNode body = hs.post("/v1/graphql",
                "{\"query\":\"mutation { insert_note(objects: [{id: 9, body: \\\"x\\\"}]) { affected_rows } }\"}",
                headers).body();
        assertThat(code(body)).isEqualTo("validation-failed");
        assertThat(hs.post("/v1/graphql", "{\"query\":\"{ note(where: {id: {_eq: 9}}) { id } }\"}",
                Map.of("x-hasura-admin-secret", "s")).body().at("/data/note").size()).isZero();
        // The admin secret may ask for them.
        JsonNode trusted = hs.post("/v1/graphql",
                "{\"query\":\"mutation { insert_note(objects: [{id: 9, body: \\\"x\\\"}]) { affected_rows } }\"}",
                Map.of("x-hasura-admin-secret", "s", "x-hasura-role", "user", "x-hasura-user-id", "1",
                        "x-hasura-use-backend-only-permissions", "true")).body();
        assertThat(trusted.at("/data/insert_note/affected_rows").asInt()).as(trusted.toString()).isEqualTo(1);
        db.execute("DELETE FROM note WHERE id = 9");
    }

    @Test
    void aValidTokenGivesItsDefaultRoleAndVariables() throws Exception {
        assertThat(query(hs, hs256(valid("1").build(), SECRET), Map.of()).at("/data/note").toString())
                .isEqualTo("[{\"id\":1}]");
    }

    @Test
    void theRoleCanBeSwitchedOnlyWithinTheAllowedRoles() throws Exception {
        String token = hs256(valid("1").build(), SECRET);
        assertThat(query(hs, token, Map.of("x-hasura-role", "auditor")).at("/data/note")).hasSize(2);
        JsonNode admin = query(hs, token, Map.of("x-hasura-role", "admin"));
        assertThat(code(admin)).isEqualTo("access-denied");
    }

    @Test
    void forgedExpiredAndUnsignedTokensAreRefused() throws Exception {
        assertThat(code(query(hs, hs256(valid("1").build(), SECRET.replace('a', 'b')), Map.of())))
                .isEqualTo("invalid-jwt");
        assertThat(code(query(hs, hs256(valid("1").expirationTime(new Date(System.currentTimeMillis() - 60_000))
                .build(), SECRET), Map.of()))).isEqualTo("invalid-jwt");
        assertThat(code(query(hs, hs256(valid("1").audience("someone-else").build(), SECRET), Map.of())))
                .isEqualTo("invalid-jwt");
        String unsigned = Base64URL.encode("{\"alg\":\"none\"}") + "." + Base64URL.encode(valid("1").build().toString())
                + ".";
        assertThat(code(query(hs, unsigned, Map.of()))).isEqualTo("invalid-jwt");
        assertThat(code(query(hs, "not-a-token", Map.of()))).isEqualTo("invalid-jwt");
        // A token signed with another algorithm than the configured one, with the same secret, is refused too.
        SignedJWT other = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), valid("1").build());
        other.sign(new MACSigner(SECRET + SECRET));
        assertThat(code(query(hs, other.serialize(), Map.of()))).isEqualTo("invalid-jwt");
    }

    @Test
    void missingClaimsHaveTheirOwnCodes() throws Exception {
        JWTClaimsSet noNamespace = new JWTClaimsSet.Builder().audience("quarry").issuer("tests").build();
        assertThat(code(query(hs, hs256(noNamespace, SECRET), Map.of()))).isEqualTo("jwt-invalid-claims");
        JWTClaimsSet noRoles = valid("1").claim("https://hasura.io/jwt/claims", Map.of("x-hasura-user-id", "1")).build();
        assertThat(code(query(hs, hs256(noRoles, SECRET), Map.of()))).isEqualTo("jwt-missing-role-claims");
        TestServer.Response none = hs.post("/v1/graphql", "{\"query\":\"{ note { id } }\"}", Map.of());
        assertThat(code(none.body())).isEqualTo("invalid-jwt");
        TestServer.Response malformed = hs.post("/v1/graphql", "{\"query\":\"{ note { id } }\"}",
                Map.of("Authorization", "Basic abc"));
        assertThat(code(malformed.body())).isEqualTo("invalid-jwt");
    }

    @Test
    void keysComeFromTheJwkSetUrlAndClaimsMayBeStringified() throws Exception {
        String stringified = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(hasura("2"));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("app", Map.of("claims", stringified)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        jwt.sign(new RSASSASigner(rsa));
        assertThat(query(rs, jwt.serialize(), Map.of()).at("/data/note").toString()).isEqualTo("[{\"id\":2}]");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        forged.sign(new RSASSASigner(stranger));
        assertThat(code(query(rs, forged.serialize(), Map.of()))).isEqualTo("invalid-jwt");
    }

    @Test
    void ed25519TokensAreVerified() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("https://hasura.io/jwt/claims", hasura("1")).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.EdDSA), claims);
        jwt.sign(new com.nimbusds.jose.crypto.Ed25519Signer(edKey));
        assertThat(query(ed, jwt.serialize(), Map.of()).at("/data/note").toString()).isEqualTo("[{\"id\":1}]");
        com.nimbusds.jose.jwk.OctetKeyPair other =
                new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.Ed25519).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.EdDSA), claims);
        forged.sign(new com.nimbusds.jose.crypto.Ed25519Signer(other));
        assertThat(code(query(ed, forged.serialize(), Map.of()))).isEqualTo("invalid-jwt");
    }

    @Test
    void aClaimsMapReadsTheSessionFromAnyClaimsAndTheTokenFromACookie() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("2").claim("roles", List.of("user")).build();
        String token = hs256(claims, SECRET);
        TestServer.Response r = cookie.post("/v1/graphql", "{\"query\":\"{ note { id } }\"}",
                Map.of("Cookie", "theme=dark; token=" + token));
        assertThat(r.body().at("/data/note").toString()).isEqualTo("[{\"id\":2}]");
        TestServer.Response bearer = cookie.post("/v1/graphql", "{\"query\":\"{ note { id } }\"}",
                Map.of("Authorization", "Bearer " + token));
        assertThat(code(bearer.body())).isEqualTo("invalid-jwt");
    }
}
