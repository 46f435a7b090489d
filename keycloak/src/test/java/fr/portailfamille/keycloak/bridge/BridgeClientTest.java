package fr.portailfamille.keycloak.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.http.simple.SimpleHttp;

import com.sun.net.httpserver.HttpServer;

import fr.portailfamille.keycloak.bridge.VerifyResult.Outcome;

/** The client against a stand-in bridge on loopback: what each answer becomes. */
class BridgeClientTest {

    private HttpServer server;
    private CloseableHttpClient httpClient;
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> requestLine = new AtomicReference<>();
    private volatile int status;
    private volatile String answer;
    /** When set, the stand-in bridge holds each answer until the test ends (or for a long while). */
    private volatile boolean stalled;
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            requestLine.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            if (stalled) {
                awaitRelease();
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        httpClient = HttpClients.createDefault();
    }

    @AfterEach
    void stop() throws IOException {
        released.countDown();
        server.stop(0);
        httpClient.close();
    }

    private BridgeClient client(int timeoutMillis) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        return new BridgeClient(new BridgeSettings(url.substring(0, url.length() - 1), "s3cret", timeoutMillis),
                () -> SimpleHttp.create(httpClient));
    }

    private VerifyResult verify(int status, String answer) {
        this.status = status;
        this.answer = answer;
        return client(2000).verify("104233", "Lefèvre", "Camille", "c@example.org", "203.0.113.9");
    }

    @Test
    void matchCarriesTheClaimAndTheNormalisedNumber() {
        VerifyResult result = verify(200, "{\"result\":\"match\",\"claim\":\"abc\",\"dossier_number\":\"104233\"}");
        assertEquals(Outcome.MATCH, result.outcome());
        assertEquals("abc", result.claim());
        assertEquals("104233", result.dossierNumber());
    }

    @Test
    void sendsTheContractFieldsWithTheSecret() {
        verify(200, "{\"result\":\"no_match\"}");
        assertEquals("Bearer s3cret", authorization.get());
        String body = requestBody.get();
        for (String field : new String[] {"\"dossier_number\":\"104233\"", "\"last_name\":\"Lefèvre\"",
                "\"first_name\":\"Camille\"", "\"email\":\"c@example.org\"", "\"client_ip\":\"203.0.113.9\""}) {
            assertTrue(body.contains(field), body);
        }
    }

    @Test
    void anIdentityProvidersEvidenceTravelsWithTheCheck() {
        status = 200;
        answer = "{\"result\":\"no_match\"}";
        client(2000).verify("104233", "LEFEVRE", "Camille Marie", "c@example.org", "203.0.113.9",
                new IdentityEvidence("franceconnect", "1986-05-14", "LEFEVRE"));
        String body = requestBody.get();
        for (String field : new String[] {"\"first_name\":\"Camille Marie\"", "\"identity_source\":\"franceconnect\"",
                "\"birth_date\":\"1986-05-14\"", "\"usage_name\":\"LEFEVRE\""}) {
            assertTrue(body.contains(field), body);
        }
        // What the provider did not give is left out, and typed names carry no evidence at all.
        client(2000).verify("104233", "LEFEVRE", "Camille", "", "", new IdentityEvidence("franceconnect", null, null));
        assertFalse(requestBody.get().contains("usage_name"), requestBody.get());
        assertFalse(requestBody.get().contains("birth_date"), requestBody.get());
        verify(200, "{\"result\":\"no_match\"}");
        assertFalse(requestBody.get().contains("identity_source"), requestBody.get());
    }

    @Test
    void refusalsMapToTheirOutcome() {
        assertEquals(Outcome.NO_MATCH, verify(200, "{\"result\":\"no_match\"}").outcome());
        assertEquals(Outcome.ALREADY_LINKED, verify(200, "{\"result\":\"already_linked\"}").outcome());
        assertEquals(Outcome.INVALID_FORMAT, verify(200, "{\"result\":\"invalid_format\"}").outcome());
        assertEquals(Outcome.RATE_LIMITED, verify(429, "{\"result\":\"rate_limited\"}").outcome());
    }

    @Test
    void serverErrorsAndStrangeAnswersAreUnavailable() {
        assertEquals(Outcome.UNAVAILABLE, verify(500, "{}").outcome());
        assertEquals(Outcome.UNAVAILABLE, verify(401, "{\"error\":\"unauthorized\"}").outcome());
        assertEquals(Outcome.UNAVAILABLE, verify(200, "{\"result\":\"maybe\"}").outcome());
        assertEquals(Outcome.UNAVAILABLE, verify(200, "not json").outcome());
    }

    @Test
    void aBridgeThatDoesNotAnswerInTimeIsUnavailable() {
        // Without the client's timeout, the held answer (a match) would come
        // through once released and the outcome would be MATCH.
        status = 200;
        answer = "{\"result\":\"match\",\"claim\":\"abc\",\"dossier_number\":\"104233\"}";
        stalled = true;
        assertEquals(Outcome.UNAVAILABLE, client(300).verify("104233", "X", "Y", "", "").outcome());
    }

    @Test
    void aStoppedBridgeIsUnavailable() {
        BridgeClient client = client(500);
        server.stop(0);
        assertEquals(Outcome.UNAVAILABLE, client.verify("104233", "X", "Y", "", "").outcome());
        assertFalse(client.link("claim", "user-1", "x@example.org"));
    }

    @Test
    void linkReportsWhetherTheBridgeRecordedIt() {
        status = 201;
        answer = "{\"status\":\"pending_activation\"}";
        assertTrue(client(2000).link("claim", "user-1", "x@example.org"));
        assertTrue(requestBody.get().contains("\"keycloak_user_id\":\"user-1\""));
        status = 409;
        answer = "{\"result\":\"already_linked\"}";
        assertFalse(client(2000).link("claim", "user-2", "y@example.org"));
    }

    private FamilyRequestResult submit(int status, String answer) {
        this.status = status;
        this.answer = answer;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keycloak_user_id", "user-1");
        body.put("idempotency_key", "0b6f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70");
        body.put("children", List.of(Map.of("last_name", "Lefèvre")));
        return client(2000).submitFamilyRequest(body);
    }

    @Test
    void aStoredFamilyRequestIsPostedWithTheSecret() {
        assertEquals(FamilyRequestResult.Outcome.STORED, submit(201, "{\"id\":12,\"status\":\"pending_review\"}").outcome());
        assertEquals("POST /api/v1/family-requests", requestLine.get());
        assertEquals("Bearer s3cret", authorization.get());
        assertTrue(requestBody.get().contains("\"idempotency_key\":\"0b6f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70\""));
        assertTrue(requestBody.get().contains("\"children\":[{\"last_name\":\"Lefèvre\"}]"), requestBody.get());
        // The same idempotency key again: the bridge answers 200 with the stored request.
        assertEquals(FamilyRequestResult.Outcome.STORED, submit(200, "{\"id\":12,\"status\":\"pending_review\"}").outcome());
    }

    @Test
    void aRefusedFamilyRequestCarriesEachFieldError() {
        FamilyRequestResult result = submit(422, "{\"result\":\"invalid\",\"errors\":["
                + "{\"field\":\"children.0.birth_date\",\"message\":\"familyErrorBirthDateFuture\"},"
                + "{\"field\":\"postal_code\",\"message\":\"familyErrorPostalCode\"}]}");
        assertEquals(FamilyRequestResult.Outcome.INVALID, result.outcome());
        assertEquals(List.of(
                new FamilyRequestResult.FieldError("children.0.birth_date", "familyErrorBirthDateFuture"),
                new FamilyRequestResult.FieldError("postal_code", "familyErrorPostalCode")), result.errors());
    }

    @Test
    void aDecidedFamilyRequestIsAlreadyDecided() {
        assertEquals(FamilyRequestResult.Outcome.ALREADY_DECIDED,
                submit(409, "{\"result\":\"already_decided\"}").outcome());
    }

    @Test
    void familyRequestsWithoutAClearAnswerAreUnavailable() {
        assertEquals(FamilyRequestResult.Outcome.UNAVAILABLE, submit(500, "{}").outcome());
        assertEquals(FamilyRequestResult.Outcome.UNAVAILABLE, submit(401, "{\"error\":\"unauthorized\"}").outcome());
        assertEquals(FamilyRequestResult.Outcome.UNAVAILABLE, submit(400, "{\"error\":\"bad request\"}").outcome());
        assertEquals(FamilyRequestResult.Outcome.UNAVAILABLE, submit(422, "not json").outcome());
        assertEquals(FamilyRequestResult.Outcome.UNAVAILABLE, submit(422, "{\"result\":\"invalid\"}").outcome());
        stalled = true;
        status = 201;
        answer = "{}";
        assertEquals(FamilyRequestResult.Outcome.UNAVAILABLE, client(300).submitFamilyRequest(Map.of()).outcome());
    }

    @Test
    void aStoppedBridgeLeavesFamilyRequestsUnavailable() {
        BridgeClient client = client(500);
        server.stop(0);
        assertEquals(FamilyRequestResult.Outcome.UNAVAILABLE, client.submitFamilyRequest(Map.of()).outcome());
        assertEquals(FamilyRequestLookup.Outcome.UNAVAILABLE, client.currentFamilyRequest("user-1").outcome());
    }

    private FamilyRequestLookup lookup(int status, String answer) {
        this.status = status;
        this.answer = answer;
        return client(2000).currentFamilyRequest("5f1c9a2e-0000-4000-8000-000000000001");
    }

    @Test
    void theCurrentFamilyRequestComesWithStaffsMessageAndTheSubmittedData() {
        FamilyRequestLookup found = lookup(200, "{\"id\":12,\"status\":\"info_requested\","
                + "\"staff_message\":\"Merci de préciser l'école.\",\"submitted\":{\"town\":\"Chartres\"}}");
        assertEquals("GET /api/v1/family-requests/by-account/5f1c9a2e-0000-4000-8000-000000000001", requestLine.get());
        assertEquals("Bearer s3cret", authorization.get());
        assertEquals(FamilyRequestLookup.Outcome.FOUND, found.outcome());
        assertEquals("info_requested", found.status());
        assertEquals("Merci de préciser l'école.", found.staffMessage());
        assertEquals("Chartres", found.submitted().path("town").asText());

        FamilyRequestLookup noMessage = lookup(200, "{\"id\":12,\"status\":\"pending_review\",\"staff_message\":null,\"submitted\":{}}");
        assertEquals(null, noMessage.staffMessage());
    }

    @Test
    void noFamilyRequestIsNoneAndErrorsAreUnavailable() {
        assertEquals(FamilyRequestLookup.Outcome.NONE, lookup(404, "{\"error\":\"not_found\"}").outcome());
        assertEquals(FamilyRequestLookup.Outcome.UNAVAILABLE, lookup(500, "{}").outcome());
        assertEquals(FamilyRequestLookup.Outcome.UNAVAILABLE, lookup(401, "{}").outcome());
        assertEquals(FamilyRequestLookup.Outcome.UNAVAILABLE, lookup(200, "not json").outcome());
    }

    private void awaitRelease() {
        try {
            // Bounded so that a client without a timeout fails the test instead of hanging it.
            released.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
