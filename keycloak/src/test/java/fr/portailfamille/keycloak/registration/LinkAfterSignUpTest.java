package fr.portailfamille.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

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
import fr.portailfamille.keycloak.registration.LinkAfterSignUp.Account;

/**
 * The link of a matched sign-up: kept pending on the account, asked for only
 * once Keycloak has committed the account, and until the bridge records it
 * the account shows no dossier and carries the family form.
 */
class LinkAfterSignUpTest {

    private final BridgeClient bridge = mock(BridgeClient.class);
    private final LinkAfterSignUp links = new LinkAfterSignUp(session -> bridge);
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserModel user = mock(UserModel.class);
    private final KeycloakTransactionManager transactions = mock(KeycloakTransactionManager.class);
    private final ExecutorService executor = mock(ExecutorService.class);
    private final Account account = new Account("realm-1", "user-1");

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
    void theFamilysRequestOnlyKeepsTheLinkPendingAndNeverCallsTheBridge() {
        scheduled();
        verify(user).setSingleAttribute("dossierPendingLink", "104233 claim-1");
        verify(user).addRequiredAction("family-info");
        verify(user, never()).setSingleAttribute("dossierNumber", "104233");
        verifyNoInteractions(bridge, executor);
    }

    @Test
    void theLinkIsAskedShortlyAfterTheSignUpIsCommitted() {
        scheduled().commit();
        verify(executor, never()).execute(any(Runnable.class));
        verify(executor, timeout(LinkAfterSignUp.DELAY_MILLIS + 2000)).execute(any(Runnable.class));
    }

    @Test
    void aKeycloakStoppingMeanwhileLeavesTheLinkToTheFirstSignIn() {
        doThrow(new RejectedExecutionException("stopping")).when(executor).execute(any(Runnable.class));
        scheduled().commit();
        verify(executor, timeout(LinkAfterSignUp.DELAY_MILLIS + 2000)).execute(any(Runnable.class));
        verify(user, never()).removeAttribute(anyString());
    }

    @Test
    void aSignUpRolledBackAsksForNoLink() {
        scheduled().rollback();
        verifyNoInteractions(executor, bridge);
    }

    @Test
    void aRecordedLinkGivesTheAccountItsDossierAndLeavesTheRequiredActionToTheFirstSignIn() {
        when(user.getFirstAttribute("dossierPendingLink")).thenReturn("104233 claim-1");
        when(bridge.link("claim-1", "user-1", "c@example.org")).thenReturn(true);
        assertTrue(links.complete(session, account));
        InOrder order = inOrder(bridge, user);
        order.verify(bridge).link("claim-1", "user-1", "c@example.org");
        order.verify(user).setSingleAttribute("dossierNumber", "104233");
        order.verify(user).setSingleAttribute("dossierStatus", "linked");
        order.verify(user).removeAttribute("dossierPendingLink");
        // The family's sign-in may be ending it at this very moment: two deletions of one row, one fails.
        verify(user, never()).removeRequiredAction(anyString());
    }

    @Test
    void aLinkTheBridgeDidNotRecordStaysPendingForTheFirstSignIn() {
        when(user.getFirstAttribute("dossierPendingLink")).thenReturn("104233 claim-1");
        when(bridge.link("claim-1", "user-1", "c@example.org")).thenReturn(false);
        assertFalse(links.complete(session, account));
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verify(user, never()).removeAttribute(anyString());
        verify(user, never()).removeRequiredAction(anyString());
    }

    @Test
    void aLinkRecordedAtSignInMeanwhileIsNotAskedAgain() {
        assertFalse(links.complete(session, account));
        verifyNoInteractions(bridge);
    }

    @Test
    void anAccountDeletedMeanwhileIsNotLinked() {
        when(session.users().getUserById(realm, "user-1")).thenReturn(null);
        assertFalse(links.complete(session, account));
        verifyNoInteractions(bridge);
    }
}
