package org.xiangtu.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}).
 * Parameters are OWASP's first recommendation (19 MiB, 2 iterations, 1 lane); a hash records its
 * own parameters, so raising them later keeps old hashes verifiable.
 */
public final class PasswordHasher {
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int LENGTH = 32;
    /** Shortest password accepted by {@code user add|passwd}. */
    public static final int MIN_LENGTH = 10;
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM,
            LENGTH, Argon2.ID);
    /** Verified against when the user does not exist, so an unknown name takes as long as a wrong password. */
    private static final String DUMMY = hash("not-a-real-password-" + System.nanoTime());

    private PasswordHasher() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /** Whether the password matches the hash; {@code hash == null} (no such user) still costs one verification. */
    public static boolean verify(String password, String hash) {
        String h = hash == null ? DUMMY : hash;
        boolean ok;
        try {
            ok = Password.check(password, h).with(Argon2Function.getInstanceFromHash(h));
        } catch (RuntimeException e) {
            ok = false; // a damaged hash never signs anybody in
        }
        return ok && hash != null;
    }

    /** Why a new password is refused, or null when it is acceptable. */
    public static String weakness(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > 1024) {
            return "a password may have at most 1024 characters";
        }
        return null;
    }
}
