package fr.portailfamille.keycloak.bridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Where the dossier bridge is and how to call it.
 *
 * Read from the provider's SPI options (for example
 * {@code --spi-form-action--dossier-number-validation--bridge-url}), falling
 * back to the environment variables every provider of this jar shares.
 */
public record BridgeSettings(String url, String secret, int timeoutMillis) {

    public static final String OPTION_URL = "bridge-url";
    public static final String OPTION_SECRET = "bridge-secret";
    public static final String OPTION_TIMEOUT = "bridge-timeout-ms";

    public static final String ENV_URL = "BRIDGE_INTERNAL_URL";
    public static final String ENV_SECRET = "BRIDGE_API_SECRET";
    public static final String ENV_TIMEOUT = "BRIDGE_TIMEOUT_MS";

    public static final String DEFAULT_URL = "http://127.0.0.1:5000";
    public static final int DEFAULT_TIMEOUT_MILLIS = 2000;

    public static BridgeSettings from(Config.Scope scope) {
        String url = firstNonBlank(scope.get(OPTION_URL), System.getenv(ENV_URL), DEFAULT_URL);
        String secret = firstNonBlank(scope.get(OPTION_SECRET), System.getenv(ENV_SECRET), "");
        int timeout = scope.getInt(OPTION_TIMEOUT, parseOr(System.getenv(ENV_TIMEOUT), DEFAULT_TIMEOUT_MILLIS));
        return new BridgeSettings(stripTrailingSlash(url), secret, timeout);
    }

    /** The SPI options {@link #from} reads, as a provider factory declares them. */
    public static List<ProviderConfigProperty> options() {
        return ProviderConfigurationBuilder.create()
                .property().name(OPTION_URL).type(ProviderConfigProperty.STRING_TYPE)
                .label("Dossier bridge URL")
                .helpText("Base URL of the dossier bridge as Keycloak reaches it, without /api/v1 "
                        + "(for example http://bridge:5000). "
                        + "Falls back to the " + ENV_URL + " environment variable.")
                .defaultValue(DEFAULT_URL)
                .add()
                .property().name(OPTION_SECRET).type(ProviderConfigProperty.PASSWORD)
                .label("Dossier bridge API secret")
                .helpText("Bearer secret sent to the bridge, the same as the bridge's " + ENV_SECRET
                        + ". Falls back to the " + ENV_SECRET + " environment variable; without it the "
                        + "bridge refuses every call and families are told to retry.")
                .secret(true)
                .add()
                .property().name(OPTION_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE)
                .label("Dossier bridge timeout (ms)")
                .helpText("Connect and read timeout of each call to the bridge, in milliseconds. A bridge that "
                        + "does not answer in time counts as unavailable. Falls back to the " + ENV_TIMEOUT
                        + " environment variable.")
                .defaultValue(DEFAULT_TIMEOUT_MILLIS)
                .add()
                .build();
    }

    /**
     * The options in force, by option name, for an operator to read (the
     * admin console's server info): the secret only says whether it is set.
     */
    public Map<String, String> inForce() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(OPTION_URL, url);
        values.put(OPTION_SECRET, secret.isEmpty() ? "missing" : "set");
        values.put(OPTION_TIMEOUT, String.valueOf(timeoutMillis));
        return values;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return "";
    }

    private static int parseOr(String raw, int fallback) {
        try {
            return raw == null || raw.isBlank() ? fallback : Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
