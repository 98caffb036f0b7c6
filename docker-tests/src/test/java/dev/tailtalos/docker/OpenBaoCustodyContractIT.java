package dev.tailtalos.docker;

import dev.tailtalos.secrets.adapters.vault.VaultCustody;
import dev.tailtalos.secrets.adapters.vault.VaultGateway;
import dev.tailtalos.secrets.adapters.vault.VaultSettings;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.CustodyContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * secrets-service's custody contract against the real OpenBao image, logged in as the secrets-service AppRole that
 * the bootstrap created: the backend works within the least-privilege policy of deploy/openbao/policies.
 */
class OpenBaoCustodyContractIT extends CustodyContract {
    private static BootstrappedOpenBao openBao;

    @BeforeAll
    static void startOpenBao() throws Exception {
        openBao = BootstrappedOpenBao.start();
    }

    @AfterAll
    static void stopOpenBao() {
        if (openBao != null) {
            openBao.close();
        }
    }

    @Override
    protected Custody newCustody() throws Exception {
        return new VaultCustody(new VaultGateway(new VaultSettings(openBao.address(), null, "secrets-service",
                openBao.secretId("secrets-service"), "secret", "tailtalos", "transit", "tailtalos-seal", null, null, null)));
    }

    @Override
    protected Custody reopen() throws Exception {
        return newCustody();
    }
}
