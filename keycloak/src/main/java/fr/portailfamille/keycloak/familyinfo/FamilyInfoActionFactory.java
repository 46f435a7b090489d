package fr.portailfamille.keycloak.familyinfo;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import fr.portailfamille.keycloak.bridge.BridgeClient;
import fr.portailfamille.keycloak.bridge.BridgeSettings;

/**
 * Registers the {@code family-info} required action. Bridge options as for
 * the registration step, under this provider
 * ({@code --spi-required-action--family-info--bridge-url}) or from the
 * shared environment variables.
 */
public class FamilyInfoActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "family-info";

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
}
