package dev.tailtalos.secrets.domain;

import dev.tailtalos.common.crypto.KeyFiles;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The contract with the scrypt-derived key (cheap parameters to keep the suite fast; the format stores them). */
class LocalKeystorePassphraseContractTest extends CustodyContract {
    @TempDir
    Path dir;

    @Override
    protected Custody newCustody() {
        return reopen();
    }

    @Override
    protected Custody reopen() {
        return LocalKeystore.openWithPassphrase(dir.resolve("keystore.enc"), "correct horse battery".toCharArray(),
                new LocalKeystore.ScryptParams(10, 8, 1), Clock.systemUTC(), KeyFiles::writePrivate);
    }
}
