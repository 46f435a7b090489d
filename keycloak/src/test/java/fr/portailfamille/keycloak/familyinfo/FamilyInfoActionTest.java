package fr.portailfamille.keycloak.familyinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.ArgumentCaptor;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.FamilyRequestLookup;
import fr.portailfamille.keycloak.bridge.FamilyRequestResult;
import fr.portailfamille.keycloak.bridge.FamilyRequestResult.FieldError;
import fr.portailfamille.keycloak.bridge.FamilyRequestResult.Outcome;
import fr.portailfamille.keycloak.bridge.IdentityEvidence;
import fr.portailfamille.keycloak.bridge.VerifyResult;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/** The action's decisions with a stand-in bridge and Keycloak context: what each answer leads to. */
class FamilyInfoActionTest {

    private final BridgeClient bridge = mock(BridgeClient.class);
    private final RequiredActionContext context = mock(RequiredActionContext.class);
    private final UserModel user = mock(UserModel.class);
    private final LoginFormsProvider form = mock(LoginFormsProvider.class, RETURNS_SELF);
    private final AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
    private final MultivaluedMap<String, String> posted = new MultivaluedHashMap<>();
    private final Response page = mock(Response.class);
    private final FamilyInfoAction action = new FamilyInfoAction(bridge);
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final UserProvider users = mock(UserProvider.class);
    private final RealmModel realm = mock(RealmModel.class);

    @BeforeEach
    void wire() {
        HttpRequest request = mock(HttpRequest.class);
        ClientConnection connection = mock(ClientConnection.class);
        when(context.getHttpRequest()).thenReturn(request);
        when(request.getDecodedFormParameters()).thenReturn(posted);
        when(context.getUser()).thenReturn(user);
        when(context.form()).thenReturn(form);
        when(context.getEvent()).thenReturn(mock(EventBuilder.class, RETURNS_SELF));
        when(context.getAuthenticationSession()).thenReturn(authSession);
        when(context.getConnection()).thenReturn(connection);
        when(connection.getRemoteAddr()).thenReturn("203.0.113.9");
        when(context.getSession()).thenReturn(session);
        when(context.getRealm()).thenReturn(realm);
        when(session.users()).thenReturn(users);
        when(form.createForm(anyString())).thenReturn(page);
        when(user.getId()).thenReturn("user-1");
        when(user.getLastName()).thenReturn("Lefèvre");
        when(user.getFirstName()).thenReturn("Camille");
        when(user.getEmail()).thenReturn("c@example.org");
        posted.putSingle("idempotencyKey", "0b6f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70");
        posted.putSingle("childCount", "1");
        posted.putSingle("address", "3 rue des Lisses");
        posted.putSingle("child0FirstName", "Jules");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> renderedFamily() {
        ArgumentCaptor<Object> model = ArgumentCaptor.forClass(Object.class);
        verify(form).setAttribute(org.mockito.ArgumentMatchers.eq("family"), model.capture());
        return (Map<String, Object>) model.getValue();
    }

    @Test
    void aStoredRequestPutsTheAccountInReviewAndEndsTheAction() {
        posted.putSingle("action", "submit");
        when(bridge.submitFamilyRequest(any())).thenReturn(FamilyRequestResult.of(Outcome.STORED));
        action.processAction(context);
        verify(user).setSingleAttribute("dossierStatus", "pending_review");
        verify(context).success();
    }

    @Test
    void aDecidedRequestEndsTheActionWithoutTouchingTheAccount() {
        when(bridge.submitFamilyRequest(any())).thenReturn(FamilyRequestResult.of(Outcome.ALREADY_DECIDED));
        action.processAction(context);
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verify(context).success();
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusalsComeBackBesideTheirFieldsWithEverythingTyped() {
        when(bridge.submitFamilyRequest(any())).thenReturn(new FamilyRequestResult(Outcome.INVALID,
                List.of(new FieldError("children.0.birth_date", "familyErrorRequired"))));
        action.processAction(context);
        verify(context).challenge(page);
        verify(context, never()).success();
        ArgumentCaptor<List<FormMessage>> errors = ArgumentCaptor.forClass(List.class);
        verify(form).setErrors(errors.capture());
        assertTrue(errors.getValue().stream().anyMatch(m -> m.getField().equals("child0BirthDate")));
        assertTrue(errors.getValue().stream().anyMatch(m -> m.getMessage().equals(FamilyMessages.CORRECT_BELOW)));
        Map<String, Object> family = renderedFamily();
        assertEquals("3 rue des Lisses", family.get("address"));
        assertEquals("0b6f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70", family.get("idempotencyKey"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnavailableBridgeKeepsTheDataAndTheAttempt() {
        when(bridge.submitFamilyRequest(any())).thenReturn(FamilyRequestResult.of(Outcome.UNAVAILABLE));
        action.processAction(context);
        verify(context).challenge(page);
        ArgumentCaptor<List<FormMessage>> errors = ArgumentCaptor.forClass(List.class);
        verify(form).setErrors(errors.capture());
        assertEquals(FamilyMessages.BRIDGE_UNAVAILABLE, errors.getValue().get(0).getMessage());
        assertEquals("0b6f3c1e-5d2a-4c8e-9f1a-2b3c4d5e6f70", renderedFamily().get("idempotencyKey"));
        verify(user, never()).setSingleAttribute(anyString(), anyString());
    }

    @Test
    void addingAChildSendsNothing() {
        posted.putSingle("action", "add-child");
        action.processAction(context);
        verify(bridge, never()).submitFamilyRequest(any());
        assertEquals("2", renderedFamily().get("childCount"));
        verify(context).challenge(page);
    }

    @Test
    void keepingTheFormDrawsItAgainWithEverythingSentAndSendsNothing() {
        // What the theme's script posts to give back a form that expired with more children than one row.
        posted.putSingle("action", "keep");
        posted.putSingle("childCount", "3");
        posted.putSingle("child2FirstName", "Inès");
        action.processAction(context);
        verify(bridge, never()).submitFamilyRequest(any());
        assertEquals("3", renderedFamily().get("childCount"));
        verify(context).challenge(page);
    }

    @Test
    void removingAChildSendsNothing() {
        posted.putSingle("action", "remove-child-1");
        posted.putSingle("childCount", "2");
        action.processAction(context);
        verify(bridge, never()).submitFamilyRequest(any());
        assertEquals("1", renderedFamily().get("childCount"));
    }

    @Test
    void staffsMessageStaysOnScreenWhileCorrecting() {
        posted.putSingle("action", "add-child");
        when(authSession.getAuthNote(FamilyInfoAction.NOTE_STAFF_MESSAGE)).thenReturn("Précisez l'école.");
        action.processAction(context);
        verify(form).setAttribute("staffMessage", "Précisez l'école.");
    }

    @Test
    void theChallengePrefillsFromTheBridgeAndShowsStaffsMessage() throws Exception {
        when(bridge.currentFamilyRequest("user-1")).thenReturn(new FamilyRequestLookup(FamilyRequestLookup.Outcome.FOUND,
                "info_requested", "Précisez l'école.", new ObjectMapper().readTree("{\"town\":\"Chartres\",\"children\":[{},{}]}")));
        action.requiredActionChallenge(context);
        verify(form).setAttribute("staffMessage", "Précisez l'école.");
        verify(authSession).setAuthNote(FamilyInfoAction.NOTE_STAFF_MESSAGE, "Précisez l'école.");
        Map<String, Object> family = renderedFamily();
        assertEquals("Chartres", family.get("town"));
        assertEquals("2", family.get("childCount"));
        verify(context).challenge(page);
    }

    @Test
    void withoutARequestTheChallengeIsAnEmptyFormWithOneChild() {
        when(bridge.currentFamilyRequest("user-1")).thenReturn(FamilyRequestLookup.of(FamilyRequestLookup.Outcome.NONE));
        action.requiredActionChallenge(context);
        assertEquals("1", renderedFamily().get("childCount"));
        assertEquals("", renderedFamily().get("address"));
        verify(form, never()).setErrors(anyList());
    }

    @Test
    void aLinkedAccountHasNothingToGive() {
        when(user.getFirstAttribute("dossierStatus")).thenReturn("linked");
        action.requiredActionChallenge(context);
        verify(context).success();
        verify(bridge, never()).currentFamilyRequest(anyString());
    }

    @Test
    void aSignUpLinkStillPendingIsRecordedAtFirstSignInAndNothingIsAsked() {
        when(user.getFirstAttribute("dossierPendingLink")).thenReturn("104233 claim-1");
        when(bridge.link("claim-1", "user-1", "c@example.org")).thenReturn(true);
        when(user.getFirstAttribute("dossierStatus")).thenReturn("linked"); // as the link leaves it
        action.requiredActionChallenge(context);
        verify(user).setSingleAttribute("dossierNumber", "104233");
        verify(user).removeAttribute("dossierPendingLink");
        verify(context).success();
        verify(bridge, never()).currentFamilyRequest(anyString());
    }

    @Test
    void aSignUpLinkTheBridgeStillDoesNotRecordIsGivenUpForTheForm() {
        when(user.getFirstAttribute("dossierPendingLink")).thenReturn("104233 claim-1");
        when(bridge.link("claim-1", "user-1", "c@example.org")).thenReturn(false);
        when(bridge.currentFamilyRequest("user-1")).thenReturn(FamilyRequestLookup.of(FamilyRequestLookup.Outcome.NONE));
        action.requiredActionChallenge(context);
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verify(user).removeAttribute("dossierPendingLink");
        verify(context, never()).success();
        verify(context).challenge(page);
    }

    @Test
    void staffAskingForMoreInformationBringsTheActionBack() {
        when(user.getFirstAttribute("dossierStatus")).thenReturn("info_requested");
        action.evaluateTriggers(context);
        verify(user).addRequiredAction("family-info");
    }

    @Test
    void otherStatusesDoNotBringItBack() {
        when(user.getFirstAttribute("dossierStatus")).thenReturn("pending_review");
        action.evaluateTriggers(context);
        verify(user, never()).addRequiredAction(anyString());
    }

    @Test
    void aFoundDossierNumberIsCheckedLikeAtSignUpThenLinked() {
        posted.putSingle("action", "dossier-number");
        posted.putSingle("dossierNumber", " 104233 ");
        when(bridge.verify("104233", "Lefèvre", "Camille", "c@example.org", "203.0.113.9"))
                .thenReturn(new VerifyResult(VerifyResult.Outcome.MATCH, "claim-1", "104233", null));
        when(bridge.link("claim-1", "user-1", "c@example.org")).thenReturn(true);
        action.processAction(context);
        verify(user).setSingleAttribute("dossierNumber", "104233");
        verify(user).setSingleAttribute("dossierStatus", "linked");
        verify(context).success();
        verify(bridge, never()).submitFamilyRequest(any());
    }

    @Test
    void aRefusedDossierNumberGetsTheSignUpMessage() {
        posted.putSingle("action", "dossier-number");
        posted.putSingle("dossierNumber", "999999");
        when(bridge.verify(anyString(), anyString(), anyString(), anyString(), anyString()))
                .thenReturn(VerifyResult.of(VerifyResult.Outcome.NO_MATCH));
        when(bridge.currentFamilyRequest("user-1")).thenReturn(FamilyRequestLookup.of(FamilyRequestLookup.Outcome.NONE));
        action.processAction(context);
        ArgumentCaptor<FormMessage> error = ArgumentCaptor.forClass(FormMessage.class);
        verify(form).addError(error.capture());
        assertEquals("dossierNumber", error.getValue().getField());
        assertEquals("dossierNumberUnknownOrMismatch", error.getValue().getMessage());
        verify(form).setAttribute("recoveryDossierNumber", "999999");
        verify(context, never()).success();
        verify(bridge, never()).link(anyString(), anyString(), anyString());
    }

    @Test
    void anUnrecordedLinkIsNotALink() {
        posted.putSingle("action", "dossier-number");
        posted.putSingle("dossierNumber", "104233");
        when(bridge.verify(anyString(), anyString(), anyString(), anyString(), anyString()))
                .thenReturn(new VerifyResult(VerifyResult.Outcome.MATCH, "claim-1", "104233", null));
        when(bridge.currentFamilyRequest("user-1")).thenReturn(FamilyRequestLookup.of(FamilyRequestLookup.Outcome.NONE));
        action.processAction(context);
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verify(context, never()).success();
    }

    // ---- FranceConnect accounts: the dossier step ----

    private void signedInWithFranceConnect() {
        when(users.getFederatedIdentity(realm, user, "franceconnect")).thenReturn(mock(FederatedIdentityModel.class));
        when(user.getFirstAttribute("franceconnectGivenNames")).thenReturn("Camille Marie");
        when(user.getFirstAttribute("franceconnectFamilyName")).thenReturn("LEFEVRE");
        when(user.getFirstAttribute("franceconnectUsageName")).thenReturn("LEFEVRE");
        when(user.getFirstAttribute("franceconnectBirthdate")).thenReturn("1986-05-14");
    }

    @Test
    void aFranceConnectAccountWithoutDossierIsOfferedTheDossierStep() {
        signedInWithFranceConnect();
        action.evaluateTriggers(context);
        verify(user).addRequiredAction("family-info");
    }

    @Test
    void aPasswordAccountWithoutStatusIsNotAskedAgain() {
        action.evaluateTriggers(context);
        verify(user, never()).addRequiredAction(anyString());
    }

    @Test
    void aFranceConnectAccountLinkedOrWaitingForStaffIsNotAsked() {
        signedInWithFranceConnect();
        for (String status : new String[] {"linked", "pending_review", "rejected"}) {
            when(user.getFirstAttribute("dossierStatus")).thenReturn(status);
            action.evaluateTriggers(context);
        }
        verify(user, never()).addRequiredAction(anyString());
    }

    @Test
    void theDossierNumberIsCheckedAgainstFranceConnectsIdentityNotTheAccountsNames() {
        signedInWithFranceConnect();
        posted.putSingle("action", "dossier-number");
        posted.putSingle("dossierNumber", "104233");
        IdentityEvidence evidence = new IdentityEvidence("franceconnect", "1986-05-14", "LEFEVRE");
        when(bridge.verify("104233", "LEFEVRE", "Camille Marie", "c@example.org", "203.0.113.9", evidence))
                .thenReturn(new VerifyResult(VerifyResult.Outcome.MATCH, "claim-1", "104233", null));
        when(bridge.link("claim-1", "user-1", "c@example.org")).thenReturn(true);
        action.processAction(context);
        verify(user).setSingleAttribute("dossierStatus", "linked");
        verify(context).success();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFamilyRequestCarriesFranceConnectsIdentity() {
        signedInWithFranceConnect();
        posted.putSingle("action", "submit");
        when(bridge.submitFamilyRequest(any())).thenReturn(FamilyRequestResult.of(Outcome.STORED));
        action.processAction(context);
        ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
        verify(bridge).submitFamilyRequest(body.capture());
        Map<String, Object> identity = (Map<String, Object>) body.getValue().get("identity");
        assertEquals("franceconnect", identity.get("source"));
        assertEquals("Camille Marie", identity.get("given_names"));
        assertEquals("1986-05-14", identity.get("birth_date"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePageShowsFranceConnectsIdentityAndNothingForOtherAccounts() {
        when(bridge.currentFamilyRequest("user-1")).thenReturn(FamilyRequestLookup.of(FamilyRequestLookup.Outcome.NONE));
        action.requiredActionChallenge(context);
        verify(form).setAttribute("franceconnect", null);
        signedInWithFranceConnect();
        action.requiredActionChallenge(context);
        ArgumentCaptor<Object> shown = ArgumentCaptor.forClass(Object.class);
        verify(form, org.mockito.Mockito.atLeastOnce()).setAttribute(org.mockito.ArgumentMatchers.eq("franceconnect"), shown.capture());
        Map<String, String> identity = (Map<String, String>) shown.getValue();
        assertEquals("14/05/1986", identity.get("birthDate"));
        assertEquals("Camille Marie", identity.get("givenNames"));
    }
}
