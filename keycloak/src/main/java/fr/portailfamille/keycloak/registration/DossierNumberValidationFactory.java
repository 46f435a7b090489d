package fr.portailfamille.keycloak.registration;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.BridgeSettings;
import fr.portailfamille.keycloak.extension.ExtensionInfo;
import fr.portailfamille.keycloak.extension.ProviderIds;

/**
 * Registers the dossier number check as a step of the registration form.
 * Bridge options under this provider
 * ({@code --spi-form-action--dossier-number-validation--bridge-url}) or from
 * the shared environment variables.
 */
public class DossierNumberValidationFactory implements FormActionFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = ProviderIds.DOSSIER_NUMBER_VALIDATION;

    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.DISABLED};

    private BridgeSettings settings;

    @Override
    public FormAction create(KeycloakSession session) {
        return new DossierNumberValidation(bridgeOf(session), new LinkAfterSignUp(this::bridgeOf));
    }

    private BridgeClient bridgeOf(KeycloakSession session) {
        return new BridgeClient(settings, () -> SimpleHttp.create(session));
    }

    @Override
    public void init(Config.Scope config) {
        settings = BridgeSettings.from(config);
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
        return "Dossier number validation (Portail Famille)";
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
        return "Checks the family's dossier number with the dossier bridge and links the new account to it.";
    }

    /** Nothing to set per flow execution: the bridge options are server-wide (see getConfigMetadata). */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return BridgeSettings.options();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return ExtensionInfo.operationalInfo(settings);
    }
}
