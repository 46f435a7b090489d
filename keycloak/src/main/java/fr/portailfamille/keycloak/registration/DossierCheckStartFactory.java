package fr.portailfamille.keycloak.registration;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import fr.portailfamille.keycloak.extension.ProviderIds;

/**
 * Registers the start of the dossier check as a registration form step. The
 * bridge options and the threads are the validation step's
 * ({@link DossierNumberValidationFactory}): one place to configure the bridge.
 */
public class DossierCheckStartFactory implements FormActionFactory {

    public static final String PROVIDER_ID = ProviderIds.DOSSIER_CHECK_START;

    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public FormAction create(KeycloakSession session) {
        if (session.getKeycloakSessionFactory().getProviderFactory(FormAction.class,
                ProviderIds.DOSSIER_NUMBER_VALIDATION) instanceof DossierNumberValidationFactory validation) {
            return new DossierCheckStart(validation::startCheck);
        }
        // The validation step is switched off on this server: no step would read a check.
        return new DossierCheckStart((ignored, check) -> { });
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Dossier number check, early start (Portail Famille)";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "First step of the registration form: asks the dossier bridge while Keycloak validates the rest of "
                + "the form. The 'Dossier number validation' step, later in the same form, shows the answer.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
