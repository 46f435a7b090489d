package fr.portailfamille.keycloak.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.portailfamille.keycloak.bridge.BridgeSettings;

class ExtensionInfoTest {

    @Test
    void theVersionComesFromTheBuildNotFromAPlaceholder() {
        String version = ExtensionInfo.version();
        assertFalse(version.contains("${"), version);
        assertFalse(version.equals(ExtensionInfo.UNKNOWN), "the build did not write the version");
    }

    @Test
    void operationalInfoListsTheVersionThenEachOption() {
        Map<String, String> info = ExtensionInfo.operationalInfo(new BridgeSettings("http://bridge:5000", "", 2000));
        assertEquals(List.of("version", "bridge-url", "bridge-secret", "bridge-timeout-ms"), List.copyOf(info.keySet()));
        assertEquals("missing", info.get("bridge-secret"));
    }
}
