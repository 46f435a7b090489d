package fr.portailfamille.keycloak.familyinfo;

import java.util.Map;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.BridgeSettings;
import fr.portailfamille.keycloak.extension.ExtensionInfo;
import fr.portailfamille.keycloak.extension.ProviderIds;

/**
 * Registers the {@code family-info} required action. Bridge options as for
 * the registration step ({@link BridgeSettings#options()}), under this
 * provider ({@code --spi-required-action--family-info--bridge-url}) or from
 * the shared environment variables; the server info shows those in force.
 *
 * Unlike other factories, a required action's {@code getConfigMetadata()} is
 * its per-realm configuration in the admin console (Keycloak's "maximum age
 * of authentication"): the server-wide bridge options are not declared there,
 * where setting them would change nothing.
 */
public class FamilyInfoActionFactory implements RequiredActionFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = ProviderIds.FAMILY_INFO;

    private BridgeSettings settings;

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new FamilyInfoAction(new BridgeClient(settings, () -> SimpleHttp.create(session)));
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
    public String getDisplayText() {
        return "Family information (Portail Famille)";
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return ExtensionInfo.operationalInfo(settings);
    }
}
