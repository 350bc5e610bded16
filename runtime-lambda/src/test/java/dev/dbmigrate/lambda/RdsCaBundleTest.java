package dev.dbmigrate.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class RdsCaBundleTest {

  @Test
  void everyEntryIsACertificateAndTheCurrentRdsRootsArePresent() throws Exception {
    List<String> subjects;
    try (InputStream in = RdsCaBundle.class.getResourceAsStream(RdsCaBundle.RESOURCE)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      subjects =
          certs.stream()
              .map(c -> ((X509Certificate) c).getSubjectX500Principal().getName())
              .toList();
    }
    String pem;
    try (InputStream in = RdsCaBundle.class.getResourceAsStream(RdsCaBundle.RESOURCE)) {
      pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    assertEquals(
        pem.split("-----BEGIN CERTIFICATE-----", -1).length - 1,
        subjects.size(),
        "every PEM block parses");
    assertEquals(92, subjects.size());
    for (String expected :
        List.of(
            "CN=Amazon RDS us-east-1 Root CA RSA2048 G1",
            "CN=Amazon RDS eu-west-1 Root CA RSA4096 G1",
            "CN=Amazon RDS ap-southeast-2 Root CA ECC384 G1",
            "CN=Amazon Root CA 1")) {
      assertTrue(
          subjects.stream().anyMatch(s -> ("," + s + ",").contains("," + expected + ",")),
          expected + " in " + subjects);
    }
  }

  @Test
  void extractWritesTheBundleToAFileForTheDriver() throws Exception {
    Path file = RdsCaBundle.extract();
    try (InputStream in = RdsCaBundle.class.getResourceAsStream(RdsCaBundle.RESOURCE)) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(file));
    }
    Files.delete(file);
  }
}
