package dev.tailtalos.secrets.adapters.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.CustodyContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The custody contract against the real OpenBao (KV v2), through the Vault Java driver; every secret a case writes is
 * destroyed afterwards (metadata delete), so the suite can be pointed at a real installation. Tag {@code openbao}:
 * run by .ci/run with the binary from tools/get-bao.sh.
 */
@Tag("openbao")
class OpenBaoCustodyContractTest extends CustodyContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenBaoDevServer bao;

    @BeforeAll
    static void startOpenBao() throws Exception {
        bao = OpenBaoDevServer.startOrConnect();
    }

    @AfterAll
    static void stopOpenBao() {
        if (bao != null) {
            bao.close();
        }
    }

    @Override
    protected Custody newCustody() {
        return new VaultCustody(new VaultGateway(VaultSettings.withToken(bao.address(), bao.token())));
    }

    @Override
    protected Custody reopen() {
        return newCustody();
    }

    @Override
    protected void cleanUp(String prefix) throws Exception {
        destroy("tailtalos/" + prefix + "/");
        assertThat(list("tailtalos/" + prefix + "/").statusCode()).as("nothing left under " + prefix).isEqualTo(404);
    }

    @Test
    void cleanUpLeavesNothingBehind() throws Exception {
        custody.write("cleanup-probe/a/b", java.util.Map.of("value", "x"));
        assertThat(list("tailtalos/cleanup-probe/").statusCode()).isEqualTo(200);
        destroy("tailtalos/cleanup-probe/");
        assertThat(list("tailtalos/cleanup-probe/").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> list(String folder) throws Exception {
        return bao.call("LIST", "secret/metadata/" + folder, null);
    }

    /** Every secret below a folder, all versions and metadata (KV v2 {@code DELETE metadata/<path>}). */
    private void destroy(String folder) throws Exception {
        HttpResponse<String> listing = list(folder);
        if (listing.statusCode() == 404) {
            return;
        }
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        for (JsonNode key : JSON.readTree(listing.body()).path("data").path("keys")) {
            String name = key.asText();
            if (name.endsWith("/")) {
                destroy(folder + name);
            } else {
                HttpResponse<String> deleted = bao.call("DELETE", "secret/metadata/" + folder + name, null);
                assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            }
        }
    }
}
