package fr.portailfamille.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.registration.LinkAfterSignUp.PendingLink;

/**
 * The link of a matched sign-up: asked only once Keycloak has committed the
 * account, and until the bridge records it the account is a sign-up without
 * number (family form at first sign-in, no dossier shown).
 */
class LinkAfterSignUpTest {

    private final BridgeClient bridge = mock(BridgeClient.class);
    private final LinkAfterSignUp links = new LinkAfterSignUp(session -> bridge);
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserModel user = mock(UserModel.class);
    private final KeycloakTransactionManager transactions = mock(KeycloakTransactionManager.class);
    private final ExecutorService executor = mock(ExecutorService.class);
    private final PendingLink pending = new PendingLink("realm-1", "user-1", "claim-1", "104233");

    @BeforeEach
    void wire() {
        ExecutorsProvider executors = mock(ExecutorsProvider.class);
        when(session.getProvider(ExecutorsProvider.class)).thenReturn(executors);
        when(executors.getExecutor(LinkAfterSignUp.EXECUTOR)).thenReturn(executor);
        when(session.getTransactionManager()).thenReturn(transactions);
        when(session.getKeycloakSessionFactory()).thenReturn(mock(KeycloakSessionFactory.class));
        when(session.getContext()).thenReturn(mock(KeycloakContext.class));
        RealmProvider realms = mock(RealmProvider.class);
        when(session.realms()).thenReturn(realms);
        when(realms.getRealm("realm-1")).thenReturn(realm);
        UserProvider users = mock(UserProvider.class);
        when(session.users()).thenReturn(users);
        when(users.getUserById(realm, "user-1")).thenReturn(user);
        when(realm.getId()).thenReturn("realm-1");
        when(user.getId()).thenReturn("user-1");
        when(user.getEmail()).thenReturn("c@example.org");
    }

    private KeycloakTransaction scheduled() {
        links.schedule(session, realm, user, "claim-1", "104233");
        ArgumentCaptor<KeycloakTransaction> afterCommit = ArgumentCaptor.forClass(KeycloakTransaction.class);
        verify(transactions).enlistAfterCompletion(afterCommit.capture());
        afterCommit.getValue().begin();
        return afterCommit.getValue();
    }

    @Test
    void theFamilysRequestOnlyMarksTheAccountAndNeverCallsTheBridge() {
        scheduled();
        verify(user).addRequiredAction("family-info");
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verifyNoInteractions(bridge, executor);
    }

    @Test
    void theLinkIsAskedOnceTheSignUpIsCommitted() {
        scheduled().commit();
        verify(executor).execute(any(Runnable.class));
    }

    @Test
    void aSignUpRolledBackAsksForNoLink() {
        scheduled().rollback();
        verifyNoInteractions(executor, bridge);
    }

    @Test
    void aRecordedLinkGivesTheAccountItsDossierAndNoFamilyForm() {
        when(bridge.link("claim-1", "user-1", "c@example.org")).thenReturn(true);
        assertTrue(links.complete(session, pending));
        InOrder order = inOrder(bridge, user);
        order.verify(bridge).link("claim-1", "user-1", "c@example.org");
        order.verify(user).setSingleAttribute("dossierNumber", "104233");
        order.verify(user).setSingleAttribute("dossierStatus", "linked");
        order.verify(user).removeRequiredAction("family-info");
    }

    @Test
    void aLinkTheBridgeDidNotRecordLeavesTheAccountWithoutDossierAndWithTheFamilyForm() {
        when(bridge.link("claim-1", "user-1", "c@example.org")).thenReturn(false);
        assertFalse(links.complete(session, pending));
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verify(user, never()).removeRequiredAction(anyString());
    }

    @Test
    void anAccountDeletedMeanwhileIsNotLinked() {
        when(session.users().getUserById(realm, "user-1")).thenReturn(null);
        assertFalse(links.complete(session, pending));
        verifyNoInteractions(bridge);
    }
}
