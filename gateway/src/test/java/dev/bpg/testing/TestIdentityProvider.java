package dev.bpg.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An OpenID Connect provider for tests: publishes a JSON Web Key Set on a loopback port and signs
 * tokens (ES256) with its keys. Keys can be added (rotation), and the endpoint can be made to fail.
 */
public final class TestIdentityProvider implements AutoCloseable {
  public static final String ISSUER = "https://idp.test";
  public static final String AUDIENCE = "bpg";

  private final HttpServer server;
  private final List<ECKey> published = new ArrayList<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();

  public TestIdentityProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/keys",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body;
          int status;
          if (down.get()) {
            status = 500;
            body = "down".getBytes(StandardCharsets.UTF_8);
          } else {
            status = 200;
            body = keySet().getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    publishNewKey();
  }

  public String jwksUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/keys";
  }

  /** The {@code auth.oidc} section that trusts this provider, with {@code extra} YAML keys. */
  public String oidcYaml(String extra) {
    return "{issuer: '"
        + ISSUER
        + "', audience: "
        + AUDIENCE
        + ", jwksUrl: '"
        + jwksUrl()
        + "'"
        + extra
        + "}";
  }

  public int fetches() {
    return fetches.get();
  }

  public void down(boolean down) {
    this.down.set(down);
  }

  /** Adds a key to the published set and signs with it from now on. */
  public synchronized ECKey publishNewKey() {
    ECKey key = newKey("key-" + (published.size() + 1));
    published.add(key);
    return key;
  }

  /** A key the provider does not publish, such as an attacker's. */
  public static ECKey newKey(String id) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(id).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized String keySet() {
    return new JWKSet(published.stream().map(k -> (JWK) k.toPublicJWK()).toList()).toString();
  }

  private synchronized ECKey current() {
    return published.get(published.size() - 1);
  }

  /** A valid token for {@code user} in {@code groups}, valid for an hour from {@code now}. */
  public String token(String user, List<String> groups, Instant now) {
    return token(current(), claims -> claims, user, groups, now);
  }

  /** A token signed by {@code key}, its claims changed by {@code change}. */
  public String token(
      ECKey key,
      UnaryOperator<JWTClaimsSet.Builder> change,
      String user,
      List<String> groups,
      Instant now) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("id-" + user)
            .claim("preferred_username", user)
            .claim("groups", groups)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            change.apply(claims).build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
