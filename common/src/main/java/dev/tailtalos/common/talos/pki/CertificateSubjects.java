package dev.tailtalos.common.talos.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

public final class CertificateSubjects {

    private CertificateSubjects() {
    }

    /**
     * Subject O values in order, empty ones dropped. Go puts several O values into one multi-valued RDN,
     * other tools use one RDN each; both are read.
     */
    public static List<String> organizations(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> organizations = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(BCStyle.O)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (BCStyle.O.equals(value.getType())) {
                    String organization = value.getValue() instanceof ASN1String
                            ? ((ASN1String) value.getValue()).getString()
                            : IETFUtils.valueToString(value.getValue());
                    if (!organization.isEmpty()) {
                        organizations.add(organization);
                    }
                }
            }
        }
        return organizations;
    }
}
