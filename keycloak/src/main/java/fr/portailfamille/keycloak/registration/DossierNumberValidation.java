package fr.portailfamille.keycloak.registration;

import java.util.List;

import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.VerifyResult;
import fr.portailfamille.keycloak.dossier.DossierAttributes;
import fr.portailfamille.keycloak.dossier.DossierMessages;
import fr.portailfamille.keycloak.extension.ProviderIds;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Registration step: asks the bridge whether the typed dossier number belongs
 * to the family, refuses the form with the bridge's verdict, and on success
 * has the new account linked once it is committed ({@link LinkAfterSignUp}).
 * The decision itself is the bridge's.
 */
public class DossierNumberValidation implements FormAction {

    /** The form field is the user-profile attribute (Keycloak names profile fields after them). */
    static final String FIELD = DossierAttributes.NUMBER;
    static final String NOTE_CLAIM = "portail-famille.dossier-claim";
    static final String NOTE_NUMBER = "portail-famille.dossier-number";
    static final String NOTE_CHALLENGE = "portail-famille.dossier-challenge";
    /** The field ALTCHA's widget posts its solved proof of work in. */
    static final String CHALLENGE_FIELD = "altcha";
    /** The form attribute the registration template shows the widget for. */
    static final String CHALLENGE_ATTRIBUTE = "dossierChallenge";

    private final BridgeClient bridge;
    private final LinkAfterSignUp links;

    public DossierNumberValidation(BridgeClient bridge, LinkAfterSignUp links) {
        this.bridge = bridge;
        this.links = links;
    }

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
        String challenge = context.getAuthenticationSession().getAuthNote(NOTE_CHALLENGE);
        if (challenge != null) {
            form.setAttribute(CHALLENGE_ATTRIBUTE, challenge);
        }
    }

    @Override
    public void validate(ValidationContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.removeAuthNote(NOTE_CLAIM);
        authSession.removeAuthNote(NOTE_NUMBER);
        authSession.removeAuthNote(NOTE_CHALLENGE);
        String typed = form.getFirst(FIELD);
        if (typed == null || typed.isBlank()) {
            context.success();
            return;
        }
        VerifyResult result = bridge.verify(typed.trim(), form.getFirst("lastName"), form.getFirst("firstName"),
                form.getFirst("email"), context.getConnection().getRemoteAddr(), form.getFirst(CHALLENGE_FIELD));
        context.getEvent().detail("dossier_check", result.outcome().name().toLowerCase());
        if (result.outcome() == VerifyResult.Outcome.MATCH) {
            authSession.setAuthNote(NOTE_CLAIM, result.claim());
            authSession.setAuthNote(NOTE_NUMBER, result.dossierNumber());
            context.success();
            return;
        }
        if (result.hasChallenge()) {
            authSession.setAuthNote(NOTE_CHALLENGE, result.challenge());
        }
        // Everything the family typed comes back, except the passwords and a used proof of work.
        form.remove("password");
        form.remove("password-confirm");
        form.remove(CHALLENGE_FIELD);
        context.error(Errors.INVALID_REGISTRATION);
        context.validationError(form, List.of(new FormMessage(FIELD, DossierMessages.forRefusal(result))));
    }

    @Override
    public void success(FormContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String claim = authSession.getAuthNote(NOTE_CLAIM);
        String number = authSession.getAuthNote(NOTE_NUMBER);
        UserModel user = context.getUser();
        if (claim == null || number == null) {
            user.addRequiredAction(ProviderIds.FAMILY_INFO);
            return;
        }
        links.schedule(context.getSession(), context.getRealm(), user, claim, number);
        authSession.removeAuthNote(NOTE_CLAIM);
        authSession.removeAuthNote(NOTE_NUMBER);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
