package dev.tailtalos.secrets.adapters.vault;

import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.CustodyContract;
import dev.tailtalos.standins.vault.VaultStandin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The custody contract against the Vault HTTP API stand-in, through the real Vault Java driver. */
class VaultCustodyContractTest extends CustodyContract {
    private static VaultStandin vault;

    @BeforeAll
    static void startVault() {
        vault = new VaultStandin("root-token");
    }

    @AfterAll
    static void stopVault() {
        vault.close();
    }

    @Override
    protected Custody newCustody() {
        return new VaultCustody(new VaultGateway(VaultSettings.withToken(vault.address(), "root-token")));
    }

    @Override
    protected Custody reopen() {
        return newCustody();
    }
}
