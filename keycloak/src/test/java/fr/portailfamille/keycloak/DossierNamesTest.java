package fr.portailfamille.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Keycloak attribute names and status values of the design are typed once
 * in the extension's main sources, in their home class; everything else
 * refers to the constants.
 */
class DossierNamesTest {

    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final Path DOSSIER = Path.of("fr", "portailfamille", "keycloak", "dossier");

    /** Each literal and the one file allowed to hold it. */
    private static final Map<String, Path> HOMES = Map.of(
            "dossierNumber", DOSSIER.resolve("DossierAttributes.java"),
            "dossierStatus", DOSSIER.resolve("DossierAttributes.java"),
            "linked", DOSSIER.resolve("DossierStatus.java"),
            "pending_review", DOSSIER.resolve("DossierStatus.java"),
            "info_requested", DOSSIER.resolve("DossierStatus.java"),
            "rejected", DOSSIER.resolve("DossierStatus.java"));

    static Stream<String> names() {
        return HOMES.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("names")
    void typedOnceInItsHome(String name) throws IOException {
        String quoted = "\"" + name + "\"";
        List<String> places = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String[] lines = read(file).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    for (int at = lines[i].indexOf(quoted); at >= 0; at = lines[i].indexOf(quoted, at + 1)) {
                        places.add(MAIN_SOURCES.relativize(file) + ":" + (i + 1));
                    }
                }
            });
        }
        String message = quoted + " must be typed once, in " + HOMES.get(name) + " (use its constant elsewhere); found at " + places;
        assertEquals(1, places.size(), message);
        assertTrue(places.get(0).startsWith(HOMES.get(name) + ":"), message);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
