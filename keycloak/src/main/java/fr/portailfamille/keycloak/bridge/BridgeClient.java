package fr.portailfamille.keycloak.bridge;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.http.client.config.RequestConfig;
import org.jboss.logging.Logger;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * HTTP calls to the dossier bridge. Any failure to get a clear answer
 * (refused connection, timeout, 5xx, wrong secret) is {@code UNAVAILABLE}:
 * the family is told to retry, nothing is decided here.
 */
public class BridgeClient {

    private static final Logger LOG = Logger.getLogger(BridgeClient.class);

    private final BridgeSettings settings;
    private final Supplier<SimpleHttp> http;

    public BridgeClient(BridgeSettings settings, Supplier<SimpleHttp> http) {
        this.settings = settings;
        this.http = http;
    }

    public VerifyResult verify(String dossierNumber, String lastName, String firstName, String email, String clientIp) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("dossier_number", dossierNumber);
        body.put("last_name", nullToEmpty(lastName));
        body.put("first_name", nullToEmpty(firstName));
        body.put("email", nullToEmpty(email));
        body.put("client_ip", nullToEmpty(clientIp));
        try (SimpleHttpResponse response = post("/api/v1/dossiers/verify", body)) {
            int status = response.getStatus();
            if (status == 429) {
                return VerifyResult.of(VerifyResult.Outcome.RATE_LIMITED);
            }
            if (status != 200) {
                LOG.warnf("dossier bridge answered %d to a dossier check", status);
                return VerifyResult.of(VerifyResult.Outcome.UNAVAILABLE);
            }
            return toResult(response.asJson());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("dossier bridge unreachable for a dossier check: %s", e.toString());
            return VerifyResult.of(VerifyResult.Outcome.UNAVAILABLE);
        }
    }

    /** Tells the bridge which account claimed the dossier; false when the bridge did not record it. */
    public boolean link(String claim, String keycloakUserId, String email) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("claim", claim);
        body.put("keycloak_user_id", keycloakUserId);
        body.put("email", nullToEmpty(email));
        try (SimpleHttpResponse response = post("/api/v1/dossiers/links", body)) {
            int status = response.getStatus();
            if (status == 200 || status == 201) {
                return true;
            }
            LOG.warnf("dossier bridge answered %d to the link of user %s", status, keycloakUserId);
            return false;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("dossier bridge unreachable for the link of user %s: %s", keycloakUserId, e.toString());
            return false;
        }
    }

    SimpleHttpResponse post(String path, Object body) throws IOException {
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout(settings.timeoutMillis())
                .setSocketTimeout(settings.timeoutMillis())
                .setConnectionRequestTimeout(settings.timeoutMillis())
                .build();
        return http.get().withRequestConfig(timeouts)
                .doPost(settings.url() + path)
                .header("Authorization", "Bearer " + settings.secret())
                .acceptJson()
                .json(body)
                .asResponse();
    }

    static VerifyResult toResult(JsonNode json) {
        String result = json.path("result").asText("");
        return switch (result) {
            case "match" -> new VerifyResult(VerifyResult.Outcome.MATCH, json.path("claim").asText(null),
                    json.path("dossier_number").asText(null));
            case "no_match" -> VerifyResult.of(VerifyResult.Outcome.NO_MATCH);
            case "already_linked" -> VerifyResult.of(VerifyResult.Outcome.ALREADY_LINKED);
            case "invalid_format" -> VerifyResult.of(VerifyResult.Outcome.INVALID_FORMAT);
            case "rate_limited" -> VerifyResult.of(VerifyResult.Outcome.RATE_LIMITED);
            default -> VerifyResult.of(VerifyResult.Outcome.UNAVAILABLE);
        };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
