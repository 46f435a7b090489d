package fr.portailfamille.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.ArgumentCaptor;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.VerifyResult;
import fr.portailfamille.keycloak.bridge.VerifyResult.Outcome;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The registration step with a stand-in bridge and Keycloak context: what the
 * family gets back for each of the bridge's answers, and when the new account
 * is linked.
 */
class DossierNumberValidationTest {

    private static final Path FRENCH_BUNDLE = Path.of("..", "themes", "portail-famille", "login", "messages",
            "messages_fr.properties");

    private final BridgeClient bridge = mock(BridgeClient.class);
    private final LinkAfterSignUp links = mock(LinkAfterSignUp.class);
    private final DossierNumberValidation step = new DossierNumberValidation(bridge, links);
    private final AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
    private final MultivaluedMap<String, String> posted = new MultivaluedHashMap<>();

    private final ValidationContext validation = mock(ValidationContext.class);
    private final FormContext form = mock(FormContext.class);
    private final UserModel user = mock(UserModel.class);

    @BeforeEach
    void wire() {
        HttpRequest request = mock(HttpRequest.class);
        ClientConnection connection = mock(ClientConnection.class);
        when(request.getDecodedFormParameters()).thenReturn(posted);
        when(connection.getRemoteAddr()).thenReturn("203.0.113.9");
        when(validation.getHttpRequest()).thenReturn(request);
        when(validation.getAuthenticationSession()).thenReturn(authSession);
        when(validation.getConnection()).thenReturn(connection);
        when(validation.getEvent()).thenReturn(mock(EventBuilder.class, RETURNS_SELF));
        when(form.getAuthenticationSession()).thenReturn(authSession);
        when(form.getUser()).thenReturn(user);
        when(user.getId()).thenReturn("user-1");
        when(user.getEmail()).thenReturn("c@example.org");

        posted.putSingle("firstName", "Camille");
        posted.putSingle("lastName", "Lefèvre");
        posted.putSingle("email", "c@example.org");
        posted.putSingle("username", "c@example.org");
        posted.putSingle("password", "Un-Mot-de-passe-2026!");
        posted.putSingle("password-confirm", "Un-Mot-de-passe-2026!");
    }

    private void typed(String dossierNumber) {
        posted.putSingle("dossierNumber", dossierNumber);
    }

    private void bridgeAnswers(VerifyResult result) {
        when(bridge.verify("104233", "Lefèvre", "Camille", "c@example.org", "203.0.113.9", posted.getFirst("altcha")))
                .thenReturn(result);
    }

    private static void assertEverythingKeptButThePasswords(MultivaluedMap<String, String> returned) {
        assertEquals("Camille", returned.getFirst("firstName"));
        assertEquals("Lefèvre", returned.getFirst("lastName"));
        assertEquals("c@example.org", returned.getFirst("email"));
        assertEquals("c@example.org", returned.getFirst("username"));
        assertEquals("104233", returned.getFirst("dossierNumber"));
        assertFalse(returned.containsKey("password"));
        assertFalse(returned.containsKey("password-confirm"));
    }

    /** The bridge's answer to a typed number; the form comes back with its one error, which is returned. */
    @SuppressWarnings("unchecked")
    private FormMessage refusedWith(VerifyResult answer) {
        typed("104233");
        bridgeAnswers(answer);
        step.validate(validation);
        ArgumentCaptor<MultivaluedMap<String, String>> returned = ArgumentCaptor.forClass(MultivaluedMap.class);
        ArgumentCaptor<List<FormMessage>> errors = ArgumentCaptor.forClass(List.class);
        verify(validation).validationError(returned.capture(), errors.capture());
        verify(validation).error(Errors.INVALID_REGISTRATION);
        verify(validation, never()).success();
        verify(authSession, never()).setAuthNote(anyString(), anyString());
        assertEverythingKeptButThePasswords(returned.getValue());
        assertEquals(1, errors.getValue().size());
        FormMessage error = errors.getValue().get(0);
        assertEquals("dossierNumber", error.getField());
        return error;
    }

    @Test
    void withoutANumberTheFormPassesAndTheBridgeIsNotAsked() {
        step.validate(validation);
        verify(validation).success();
        verify(validation, never()).validationError(any(), anyList());
        verifyNoInteractions(bridge);
    }

    @Test
    void aBlankNumberIsNoNumber() {
        typed("   ");
        step.validate(validation);
        verify(validation).success();
        verifyNoInteractions(bridge);
    }

    @Test
    void aMatchPassesAndRemembersTheClaimForTheLink() {
        typed(" 104233 ");
        bridgeAnswers(new VerifyResult(Outcome.MATCH, "claim-1", "104233", null));
        step.validate(validation);
        verify(validation).success();
        verify(validation, never()).validationError(any(), anyList());
        verify(authSession).setAuthNote(DossierNumberValidation.NOTE_CLAIM, "claim-1");
        verify(authSession).setAuthNote(DossierNumberValidation.NOTE_NUMBER, "104233");
    }

    @Test
    void anUnknownNumberOrAnotherNameIsRefusedBesideTheFieldWithEverythingTypedKept() {
        assertEquals("dossierNumberUnknownOrMismatch", refusedWith(VerifyResult.of(Outcome.NO_MATCH)).getMessage());
    }

    @Test
    void anAlreadyLinkedDossierIsRefusedBesideTheField() {
        assertEquals("dossierNumberAlreadyLinked", refusedWith(VerifyResult.of(Outcome.ALREADY_LINKED)).getMessage());
    }

    @Test
    void tooManyAttemptsAreRefusedBesideTheField() {
        assertEquals("dossierNumberTooManyAttempts", refusedWith(VerifyResult.of(Outcome.RATE_LIMITED)).getMessage());
    }

    @Test
    void aNumberLockedBySomeoneElseOffersTheChallengeAndForwardsItsSolution() throws IOException {
        posted.putSingle("altcha", "solved-proof-of-work");
        typed("104233");
        bridgeAnswers(VerifyResult.rateLimited("{\"signature\":\"s\"}"));
        step.validate(validation);
        verify(bridge).verify("104233", "Lefèvre", "Camille", "c@example.org", "203.0.113.9", "solved-proof-of-work");
        verify(authSession).setAuthNote(DossierNumberValidation.NOTE_CHALLENGE, "{\"signature\":\"s\"}");
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<FormMessage>> errors = ArgumentCaptor.forClass(List.class);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<MultivaluedMap<String, String>> returned = ArgumentCaptor.forClass(MultivaluedMap.class);
        verify(validation).validationError(returned.capture(), errors.capture());
        assertEquals("dossierNumberChallenge", errors.getValue().get(0).getMessage());
        assertFalse(returned.getValue().containsKey("altcha"), "a used proof of work is not sent back");
        assertTrue(frenchText("dossierNumberChallenge").contains("personne"));
        // The page shown next carries the challenge for the widget.
        when(authSession.getAuthNote(DossierNumberValidation.NOTE_CHALLENGE)).thenReturn("{\"signature\":\"s\"}");
        LoginFormsProvider page = mock(LoginFormsProvider.class);
        step.buildPage(form, page);
        verify(page).setAttribute("dossierChallenge", "{\"signature\":\"s\"}");
    }

    @Test
    void aBridgeThatIsDownAsksTheFamilyToRetryInFrenchAndLosesNothing() throws IOException {
        String key = refusedWith(VerifyResult.of(Outcome.UNAVAILABLE)).getMessage();
        assertEquals("dossierBridgeUnavailable", key);
        String french = frenchText(key);
        assertTrue(french.contains("Réessayez"), french);
        assertTrue(french.contains("sans numéro de dossier"), french);
    }

    @Test
    void anEarlierMatchIsForgottenWhenTheFormIsSentAgain() {
        typed("104233");
        bridgeAnswers(VerifyResult.of(Outcome.NO_MATCH));
        step.validate(validation);
        verify(authSession).removeAuthNote(DossierNumberValidation.NOTE_CLAIM);
        verify(authSession).removeAuthNote(DossierNumberValidation.NOTE_NUMBER);
    }

    private void matchedEarlier() {
        when(authSession.getAuthNote(DossierNumberValidation.NOTE_CLAIM)).thenReturn("claim-1");
        when(authSession.getAuthNote(DossierNumberValidation.NOTE_NUMBER)).thenReturn("104233");
    }

    @Test
    void aMatchedSignUpIsLinkedAfterItsCommitNotDuringTheFamilysRequest() {
        matchedEarlier();
        KeycloakSession session = mock(KeycloakSession.class);
        RealmModel realm = mock(RealmModel.class);
        when(form.getSession()).thenReturn(session);
        when(form.getRealm()).thenReturn(realm);
        step.success(form);
        verify(links).schedule(session, realm, user, "claim-1", "104233");
        verifyNoInteractions(bridge);
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verify(authSession).removeAuthNote(DossierNumberValidation.NOTE_CLAIM);
        verify(authSession).removeAuthNote(DossierNumberValidation.NOTE_NUMBER);
    }

    @Test
    void aSignUpWithoutNumberGoesToTheFamilyInformation() {
        step.success(form);
        verifyNoInteractions(bridge, links);
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verify(user).addRequiredAction("family-info");
    }

    private static String frenchText(String key) throws IOException {
        Properties bundle = new Properties();
        try (Reader in = new InputStreamReader(Files.newInputStream(FRENCH_BUNDLE), StandardCharsets.UTF_8)) {
            bundle.load(in);
        }
        return bundle.getProperty(key, "");
    }
}
