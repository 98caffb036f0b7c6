package dev.tailtalos.secrets.domain;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

class LocalKeystoreContractTest extends CustodyContract {
    @TempDir
    Path dir;

    @Override
    protected Custody newCustody() {
        return reopen();
    }

    @Override
    protected Custody reopen() {
        return LocalKeystore.open(dir.resolve("keystore.enc"), dir.resolve("keystore.key"), Clock.systemUTC());
    }
}
