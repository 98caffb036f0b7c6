package dev.tailtalos.config.domain;

/** References into the Talos secrets bundle held by custody; field names follow the bundle's YAML layout. */
public final class SecretsBundleRef {

    public static final String PREFIX = "custody://talos/bundle#";

    public static final String CLUSTER_ID = PREFIX + "cluster.id";
    public static final String CLUSTER_SECRET = PREFIX + "cluster.secret";
    public static final String BOOTSTRAP_TOKEN = PREFIX + "secrets.bootstraptoken";
    public static final String SECRETBOX_ENCRYPTION_SECRET = PREFIX + "secrets.secretboxencryptionsecret";
    public static final String TRUSTD_TOKEN = PREFIX + "trustdinfo.token";
    public static final String OS_CRT = PREFIX + "certs.os.crt";
    public static final String OS_KEY = PREFIX + "certs.os.key";
    public static final String K8S_CRT = PREFIX + "certs.k8s.crt";
    public static final String K8S_KEY = PREFIX + "certs.k8s.key";
    public static final String K8S_AGGREGATOR_CRT = PREFIX + "certs.k8saggregator.crt";
    public static final String K8S_AGGREGATOR_KEY = PREFIX + "certs.k8saggregator.key";
    public static final String K8S_SERVICE_ACCOUNT_KEY = PREFIX + "certs.k8sserviceaccount.key";
    public static final String ETCD_CRT = PREFIX + "certs.etcd.crt";
    public static final String ETCD_KEY = PREFIX + "certs.etcd.key";

    private SecretsBundleRef() {
    }
}
