package fr.portailfamille.keycloak.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import fr.portailfamille.keycloak.bridge.IdentityEvidence;

/** Reading the identity the realm's FranceConnect mappers stored on an account. */
class FranceConnectIdentityTest {

    private final UserModel user = mock(UserModel.class);

    private void stored(String given, String family, String usage, String birth) {
        when(user.getFirstAttribute(FranceConnectIdentity.GIVEN_NAMES)).thenReturn(given);
        when(user.getFirstAttribute(FranceConnectIdentity.FAMILY_NAME)).thenReturn(family);
        when(user.getFirstAttribute(FranceConnectIdentity.USAGE_NAME)).thenReturn(usage);
        when(user.getFirstAttribute(FranceConnectIdentity.BIRTH_DATE)).thenReturn(birth);
    }

    @Test
    void anAccountWithoutFranceConnectNamesHasNoIdentity() {
        assertTrue(FranceConnectIdentity.of(user).isEmpty());
        stored("Camille", " ", null, "1986-05-14");
        assertTrue(FranceConnectIdentity.of(user).isEmpty());
    }

    @Test
    void theStoredIdentityIsWhatTheBridgeWeighs() {
        stored("Camille Marie", "LEFEVRE", "", "1986-05-14");
        FranceConnectIdentity identity = FranceConnectIdentity.of(user).orElseThrow();
        assertEquals("Camille Marie", identity.givenNames());
        assertEquals(new IdentityEvidence("franceconnect", "1986-05-14", null), identity.evidence());
        Map<String, Object> body = identity.toBridgeBody();
        assertEquals("franceconnect", body.get("source"));
        assertEquals("LEFEVRE", body.get("family_name"));
        assertEquals("1986-05-14", body.get("birth_date"));
    }

    @Test
    void thePageShowsTheDateTheFrenchWayAndAUsageNameOnlyWhenItDiffers() {
        stored("Sophie Anne", "DUPONT", "MARTIN-DUPONT", "1989-01-21");
        Map<String, String> shown = FranceConnectIdentity.of(user).orElseThrow().toTemplateModel();
        assertEquals("21/01/1989", shown.get("birthDate"));
        assertEquals("MARTIN-DUPONT", shown.get("usageName"));
        stored("Camille", "LEFEVRE", "LEFEVRE", null);
        shown = FranceConnectIdentity.of(user).orElseThrow().toTemplateModel();
        assertEquals("", shown.get("usageName"));
        assertEquals("", shown.get("birthDate"));
    }

    @Test
    void anAccountIsLinkedWhenItHasTheRealmsFranceConnectLink() {
        KeycloakSession session = mock(KeycloakSession.class);
        UserProvider users = mock(UserProvider.class);
        RealmModel realm = mock(RealmModel.class);
        when(session.users()).thenReturn(users);
        assertFalse(FranceConnectIdentity.isLinked(session, realm, user));
        when(users.getFederatedIdentity(realm, user, "franceconnect")).thenReturn(mock(FederatedIdentityModel.class));
        assertTrue(FranceConnectIdentity.isLinked(session, realm, user));
    }
}
