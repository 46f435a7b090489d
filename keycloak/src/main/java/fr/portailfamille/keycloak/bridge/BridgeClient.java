package fr.portailfamille.keycloak.bridge;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        return verify(dossierNumber, lastName, firstName, email, clientIp, (String) null, null);
    }

    /** {@code challengeSolution}: the registration form's solved proof of work, when the family was given one. */
    public VerifyResult verify(String dossierNumber, String lastName, String firstName, String email, String clientIp,
                               String challengeSolution) {
        return verify(dossierNumber, lastName, firstName, email, clientIp, challengeSolution, null);
    }

    /**
     * The dossier check of names an identity provider vouched for (all given
     * names in {@code firstName}, the birth name in {@code lastName}), with
     * what else it gave in {@code evidence}.
     */
    public VerifyResult verify(String dossierNumber, String lastName, String firstName, String email, String clientIp,
                               IdentityEvidence evidence) {
        return verify(dossierNumber, lastName, firstName, email, clientIp, null, evidence);
    }

    private VerifyResult verify(String dossierNumber, String lastName, String firstName, String email, String clientIp,
                                String challengeSolution, IdentityEvidence evidence) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("dossier_number", dossierNumber);
        body.put("last_name", nullToEmpty(lastName));
        body.put("first_name", nullToEmpty(firstName));
        body.put("email", nullToEmpty(email));
        body.put("client_ip", nullToEmpty(clientIp));
        if (challengeSolution != null && !challengeSolution.isBlank()) {
            body.put("challenge_solution", challengeSolution);
        }
        if (evidence != null) {
            body.put("identity_source", evidence.source());
            putIfPresent(body, "birth_date", evidence.birthDate());
            putIfPresent(body, "usage_name", evidence.usageName());
        }
        try (SimpleHttpResponse response = post("/api/v1/dossiers/verify", body)) {
            int status = response.getStatus();
            if (status == 429) {
                return VerifyResult.rateLimited(challengeOf(response));
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

    /**
     * Hands the family's information to the bridge. The body is the contract's
     * {@code POST /api/v1/family-requests} body, built by the caller.
     */
    public FamilyRequestResult submitFamilyRequest(Map<String, Object> body) {
        try (SimpleHttpResponse response = post("/api/v1/family-requests", body)) {
            int status = response.getStatus();
            if (status == 200 || status == 201) {
                return FamilyRequestResult.of(FamilyRequestResult.Outcome.STORED);
            }
            if (status == 409) {
                return FamilyRequestResult.of(FamilyRequestResult.Outcome.ALREADY_DECIDED);
            }
            if (status == 422) {
                return toInvalid(response.asJson());
            }
            LOG.warnf("dossier bridge answered %d to a family request", status);
            return FamilyRequestResult.of(FamilyRequestResult.Outcome.UNAVAILABLE);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("dossier bridge unreachable for a family request: %s", e.toString());
            return FamilyRequestResult.of(FamilyRequestResult.Outcome.UNAVAILABLE);
        }
    }

    /** The account's current family request, to prefill the form and show staff's message. */
    public FamilyRequestLookup currentFamilyRequest(String keycloakUserId) {
        String path = "/api/v1/family-requests/by-account/"
                + URLEncoder.encode(keycloakUserId, StandardCharsets.UTF_8).replace("+", "%20");
        try (SimpleHttpResponse response = get(path)) {
            int status = response.getStatus();
            if (status == 404) {
                return FamilyRequestLookup.of(FamilyRequestLookup.Outcome.NONE);
            }
            if (status != 200) {
                LOG.warnf("dossier bridge answered %d to the family request lookup of user %s", status, keycloakUserId);
                return FamilyRequestLookup.of(FamilyRequestLookup.Outcome.UNAVAILABLE);
            }
            JsonNode json = response.asJson();
            JsonNode staffMessage = json.path("staff_message");
            return new FamilyRequestLookup(FamilyRequestLookup.Outcome.FOUND, json.path("status").asText(""),
                    staffMessage.isTextual() ? staffMessage.asText() : null, json.path("submitted"));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("dossier bridge unreachable for the family request lookup of user %s: %s", keycloakUserId, e.toString());
            return FamilyRequestLookup.of(FamilyRequestLookup.Outcome.UNAVAILABLE);
        }
    }

    SimpleHttpResponse post(String path, Object body) throws IOException {
        return http.get().withRequestConfig(timeouts())
                .doPost(settings.url() + path)
                .header("Authorization", "Bearer " + settings.secret())
                .acceptJson()
                .json(body)
                .asResponse();
    }

    SimpleHttpResponse get(String path) throws IOException {
        return http.get().withRequestConfig(timeouts())
                .doGet(settings.url() + path)
                .header("Authorization", "Bearer " + settings.secret())
                .acceptJson()
                .asResponse();
    }

    private RequestConfig timeouts() {
        return RequestConfig.custom()
                .setConnectTimeout(settings.timeoutMillis())
                .setSocketTimeout(settings.timeoutMillis())
                .setConnectionRequestTimeout(settings.timeoutMillis())
                .build();
    }

    static FamilyRequestResult toInvalid(JsonNode json) {
        JsonNode errors = json.path("errors");
        if (!errors.isArray()) {
            // A 422 without the contract's error list says nothing usable.
            return FamilyRequestResult.of(FamilyRequestResult.Outcome.UNAVAILABLE);
        }
        List<FamilyRequestResult.FieldError> fieldErrors = new ArrayList<>();
        for (JsonNode error : errors) {
            fieldErrors.add(new FamilyRequestResult.FieldError(error.path("field").asText(""),
                    error.path("message").asText("")));
        }
        return new FamilyRequestResult(FamilyRequestResult.Outcome.INVALID, fieldErrors);
    }

    private static String challengeOf(SimpleHttpResponse response) {
        try {
            JsonNode challenge = response.asJson().path("challenge");
            return challenge.isObject() ? challenge.toString() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static VerifyResult toResult(JsonNode json) {
        String result = json.path("result").asText("");
        return switch (result) {
            case "match" -> new VerifyResult(VerifyResult.Outcome.MATCH, json.path("claim").asText(null),
                    json.path("dossier_number").asText(null), null);
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

    private static void putIfPresent(Map<String, String> body, String name, String value) {
        if (value != null && !value.isBlank()) {
            body.put(name, value);
        }
    }
}
