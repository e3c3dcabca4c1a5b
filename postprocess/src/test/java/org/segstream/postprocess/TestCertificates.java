package org.segstream.postprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, made with the
 * openssl command (PEM, keys in PKCS#8 as Netty reads them).
 */
record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

  static TestCertificates create(Path dir) throws IOException, InterruptedException {
    Path ca = dir.resolve("ca.crt");
    Path caKey = dir.resolve("ca.key");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
        "-days", "1", "-subj", "/CN=segstream-test-ca");
    Path ext = Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    Path serverCert = signed(dir, "server", "/CN=localhost", ca, caKey, ext);
    Path clientCert = signed(dir, "client", "/CN=segstream-test-client", ca, caKey, null);
    return new TestCertificates(ca, serverCert, dir.resolve("server.key"), clientCert, dir.resolve("client.key"));
  }

  private static Path signed(Path dir, String name, String subject, Path ca, Path caKey, Path ext)
      throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".crt");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
        "-subj", subject);
    List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(),
        "-CAkey", caKey.toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "1"));
    if (ext != null) {
      sign.addAll(List.of("-extfile", ext.toString()));
    }
    openssl(dir, sign.toArray(String[]::new));
    return cert;
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
    }
  }
}
