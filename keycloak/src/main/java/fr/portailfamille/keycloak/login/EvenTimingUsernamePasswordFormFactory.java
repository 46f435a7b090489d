package fr.portailfamille.keycloak.login;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

import fr.portailfamille.keycloak.extension.ProviderIds;

/** Registers {@link EvenTimingUsernamePasswordForm}; every other property is the stock form's. */
public class EvenTimingUsernamePasswordFormFactory extends UsernamePasswordFormFactory {

    @Override
    public Authenticator create(KeycloakSession session) {
        return new EvenTimingUsernamePasswordForm(session);
    }

    @Override
    public String getId() {
        return ProviderIds.EVEN_TIMING_LOGIN_FORM;
    }

    @Override
    public String getDisplayType() {
        return "Username Password Form (even timing)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username and password form; a locked account is refused after a password hash, "
                + "like an unknown user, so that the answer's time does not tell that the account exists.";
    }
}
