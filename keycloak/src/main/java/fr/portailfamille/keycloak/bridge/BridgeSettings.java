package fr.portailfamille.keycloak.bridge;

import org.keycloak.Config;

/**
 * Where the dossier bridge is and how to call it.
 *
 * Read from the provider's SPI options (for example
 * {@code --spi-form-action--dossier-number-validation--bridge-url}), falling
 * back to the environment variables every provider of this jar shares.
 */
public record BridgeSettings(String url, String secret, int timeoutMillis) {

    public static final int DEFAULT_TIMEOUT_MILLIS = 2000;

    public static BridgeSettings from(Config.Scope scope) {
        String url = firstNonBlank(scope.get("bridge-url"), System.getenv("BRIDGE_INTERNAL_URL"), "http://127.0.0.1:5000");
        String secret = firstNonBlank(scope.get("bridge-secret"), System.getenv("BRIDGE_API_SECRET"), "");
        int timeout = scope.getInt("bridge-timeout-ms", parseOr(System.getenv("BRIDGE_TIMEOUT_MS"), DEFAULT_TIMEOUT_MILLIS));
        return new BridgeSettings(stripTrailingSlash(url), secret, timeout);
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
