package fr.portailfamille.keycloak.extension;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.jboss.logging.Logger;

import fr.portailfamille.keycloak.bridge.BridgeSettings;

/**
 * What an operator sees of this jar in the admin console's server info
 * (Provider info): its version, written into the jar by the build, and the
 * bridge options each provider runs with.
 */
public final class ExtensionInfo {

    /** Filtered by Maven from src/main/resources-filtered: the pom's version. */
    static final String RESOURCE = "extension.properties";
    static final String UNKNOWN = "unknown";

    private static final Logger LOG = Logger.getLogger(ExtensionInfo.class);
    private static final String VERSION = readVersion();

    private ExtensionInfo() {
    }

    /** The extension's version, or "unknown" when the jar was not built by Maven. */
    public static String version() {
        return VERSION;
    }

    /** The version first, then each bridge option by name with the value in force. */
    public static Map<String, String> operationalInfo(BridgeSettings settings) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("version", VERSION);
        info.putAll(settings.inForce());
        return info;
    }

    private static String readVersion() {
        try (InputStream in = ExtensionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            // An unfiltered copy (an IDE build) still holds the placeholder.
            return version.isBlank() || version.contains("${") ? UNKNOWN : version.trim();
        } catch (IOException e) {
            LOG.warnf("cannot read the extension's version: %s", e.toString());
            return UNKNOWN;
        }
    }
}
