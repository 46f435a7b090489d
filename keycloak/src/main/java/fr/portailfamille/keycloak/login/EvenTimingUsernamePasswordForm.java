package fr.portailfamille.keycloak.login;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Keycloak's own username and password form, with one difference: refusing
 * an account locked by brute-force protection costs a password hash, as
 * refusing an unknown user already does.
 *
 * Keycloak checks the lock before the password and answers at once (about
 * 20 ms against 70 ms here), so the time of the answer told whether an
 * account existed. The message was made equal in the theme; this makes the
 * time equal too. Everything else is the stock form's behaviour.
 */
public class EvenTimingUsernamePasswordForm extends UsernamePasswordForm {

    private final Runnable dummyHash;

    public EvenTimingUsernamePasswordForm(KeycloakSession session) {
        super(session);
        this.dummyHash = null;
    }

    /** For tests: what stands for the password hash. */
    EvenTimingUsernamePasswordForm(KeycloakSession session, Runnable dummyHash) {
        super(session);
        this.dummyHash = dummyHash;
    }

    @Override
    protected boolean isDisabledByBruteForce(AuthenticationFlowContext context, UserModel user) {
        boolean locked = super.isDisabledByBruteForce(context, user);
        if (locked) {
            if (dummyHash != null) {
                dummyHash.run();
            } else {
                AuthenticatorUtils.dummyHash(context);
            }
        }
        return locked;
    }
}
