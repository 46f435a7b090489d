package fr.portailfamille.keycloak.registration;

import java.util.function.BiConsumer;

import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import fr.portailfamille.keycloak.extension.ProviderIds;

/**
 * Registration step placed first in the form: starts the dossier check as
 * soon as the form arrives, so that the bridge answers while Keycloak
 * validates the family's profile and password. It never refuses the form;
 * {@link DossierNumberValidation}, later in the same form, takes the answer
 * and decides what the family sees.
 */
public class DossierCheckStart implements FormAction {

    private final BiConsumer<KeycloakSession, DossierCheck> starter;

    /** {@code starter}: asks the bridge on another thread and keeps the answer on the session. */
    public DossierCheckStart(BiConsumer<KeycloakSession, DossierCheck> starter) {
        this.starter = starter;
    }

    @Override
    public void validate(ValidationContext context) {
        DossierCheck check = DossierCheck.typedIn(context.getHttpRequest().getDecodedFormParameters(),
                context.getConnection().getRemoteAddr());
        if (check != null && validationFollows(context.getRealm(), context.getExecution())) {
            starter.accept(context.getSession(), check);
        }
        context.success();
    }

    /** A check nobody reads would still count against the family's attempts: start one only for a later step. */
    static boolean validationFollows(RealmModel realm, AuthenticationExecutionModel start) {
        return realm.getAuthenticationExecutionsStream(start.getParentFlow())
                .anyMatch(step -> ProviderIds.DOSSIER_NUMBER_VALIDATION.equals(step.getAuthenticator())
                        && step.isEnabled() && step.getPriority() > start.getPriority());
    }

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
    }

    @Override
    public void success(FormContext context) {
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
