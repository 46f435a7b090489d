package fr.portailfamille.keycloak.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.mockito.MockedStatic;

import jakarta.ws.rs.core.Response;

import fr.portailfamille.keycloak.extension.ProviderIds;

/** A locked account is refused after the same password hash an unknown user costs; nothing else changes. */
class EvenTimingUsernamePasswordFormTest {

    private final AtomicInteger hashes = new AtomicInteger();
    // The stock form's page rendering needs a running server; the refusal page is not what is tested here.
    private final EvenTimingUsernamePasswordForm form =
            new EvenTimingUsernamePasswordForm(mock(KeycloakSession.class, RETURNS_DEEP_STUBS), hashes::incrementAndGet) {
                @Override
                protected Response challenge(AuthenticationFlowContext context, String error, String field) {
                    return null;
                }
            };
    private final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class, RETURNS_DEEP_STUBS);
    private final UserModel user = mock(UserModel.class);

    private boolean lockedCheck(String bruteForceError) {
        try (MockedStatic<AuthenticatorUtils> utils = mockStatic(AuthenticatorUtils.class)) {
            utils.when(() -> AuthenticatorUtils.getDisabledByBruteForceEventError(context, user)).thenReturn(bruteForceError);
            return form.isDisabledByBruteForce(context, user);
        }
    }

    @Test
    void aLockedAccountIsRefusedAfterAPasswordHash() {
        assertTrue(lockedCheck(Errors.USER_TEMPORARILY_DISABLED));
        assertEquals(1, hashes.get());
    }

    @Test
    void anUnlockedAccountCostsNoExtraHash() {
        assertFalse(lockedCheck(null));
        assertEquals(0, hashes.get());
    }

    @Test
    void theFactoryRegistersTheFormUnderItsOwnId() {
        EvenTimingUsernamePasswordFormFactory factory = new EvenTimingUsernamePasswordFormFactory();
        assertEquals(ProviderIds.EVEN_TIMING_LOGIN_FORM, factory.getId());
        assertTrue(factory.create(mock(KeycloakSession.class, RETURNS_DEEP_STUBS)) instanceof EvenTimingUsernamePasswordForm);
    }
}
