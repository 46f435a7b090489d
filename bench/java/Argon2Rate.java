import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id hashes per second on one thread, with Keycloak's default parameters, in one JVM.
 *
 * Usage: java -cp bcprov.jar:. Argon2Rate WARM_ROUNDS MEASURED_ROUNDS SECONDS_PER_ROUND
 * Prints the measured rounds' rates on one line. The warm-up rounds let the JIT settle.
 */
public final class Argon2Rate {
    // Keycloak 26's argon2 provider defaults: type id, version 1.3, 5 iterations, 7 MiB, 1 lane, 32 bytes.
    private static final int ITERATIONS = 5;
    private static final int MEMORY_KIB = 7168;
    private static final int HASH_BYTES = 32;

    private Argon2Rate() {
    }

    private static void hash(byte[] password, byte[] salt) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withIterations(ITERATIONS)
                .withMemoryAsKB(MEMORY_KIB).withParallelism(1).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        generator.generateBytes(password, new byte[HASH_BYTES]);
    }

    private static double round(double seconds) {
        byte[] password = "Un-mot-de-passe-2026".getBytes();
        byte[] salt = new byte[16];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long started = System.nanoTime();
        int hashes = 0;
        while (System.nanoTime() < end) {
            salt[hashes % salt.length]++;
            hash(password, salt);
            hashes++;
        }
        return hashes / ((System.nanoTime() - started) / 1e9);
    }

    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        int measured = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        for (int i = 0; i < warm; i++) {
            round(seconds);
        }
        double[] rates = new double[measured];
        for (int i = 0; i < measured; i++) {
            rates[i] = round(seconds);
        }
        StringBuilder line = new StringBuilder();
        Arrays.stream(rates).forEach(rate -> line.append(String.format(java.util.Locale.ROOT, "%.2f ", rate)));
        System.out.println(line.toString().trim());
    }
}
