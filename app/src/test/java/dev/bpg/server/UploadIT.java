package dev.bpg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bpg.bench.LocalObjectStore;
import dev.bpg.server.GatewayTestClient.Reply;
import dev.bpg.server.LocalGateways.Users;
import io.dropwizard.util.DataSize;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@code POST /s3/{name}} against a real S3-protocol server (S3Proxy, in a process of its own):
 * small and multipart uploads land byte for byte under Apple's keys, with the caller recorded; a
 * missing length is 411, a length past the limit 413, bad names 400, the store down 503 with the
 * reason, and uploads work again once it is back.
 */
class UploadIT {
  private static final long LIMIT = DataSize.mebibytes(20).toBytes();

  private static LocalObjectStore store;
  private static LocalGateways local;
  private static GatewayServer gateway;
  private static GatewayTestClient client;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("bpg-upload-");
    store = LocalObjectStore.start(LocalObjectStore.defaultModuleTarget(), dir);
    local = LocalGateways.start("spark-cluster-a");
    gateway =
        local.startGateway(
            local
                .configuration(Users.of("demo"))
                .withStorage(store.storageConfig(DataSize.mebibytes(20))));
    client = LocalGateways.client(gateway);
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private static Reply upload(String path, long length, Supplier<InputStream> body) {
    return client.send(
        client
            .request(path, null)
            .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
            .header("Content-Type", "application/octet-stream")
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(body), length)));
  }

  private static byte[] stored(String url) throws IOException {
    assertThat(url).startsWith("s3a://" + LocalObjectStore.BUCKET + "/");
    String key = url.substring(("s3a://" + LocalObjectStore.BUCKET + "/").length());
    try (S3Client s3 = store.client();
        ResponseInputStream<GetObjectResponse> in =
            s3.getObject(request -> request.bucket(LocalObjectStore.BUCKET).key(key))) {
      assertThat(in.response().metadata()).containsEntry("uploaded-by", "demo");
      return in.readAllBytes();
    }
  }

  @Test
  void aSmallFileLandsUnderItsFolder() throws Exception {
    byte[] jar = "PK a jar, or near enough".getBytes(StandardCharsets.UTF_8);
    Reply reply =
        upload(
            "/s3/my-job-1.0.jar?folder=/team/etl/",
            jar.length,
            () -> new ByteArrayInputStream(jar));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.text("url")).isEqualTo("s3a://bpg/uploads/team/etl/my-job-1.0.jar");
    assertThat(stored(reply.text("url"))).isEqualTo(jar);
  }

  @Test
  void aLargeFileGoesUpInPartsAndComesBackTheSame() throws Exception {
    long length = DataSize.mebibytes(12).toBytes() + 12_345;
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    Reply reply = upload("/s3/big.bin", length, () -> new GeneratedBody(length, sent));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.text("url")).matches("s3a://bpg/uploads/\\d{8}/[0-9a-f]{32}/big\\.bin");
    byte[] back = stored(reply.text("url"));
    assertThat(back).hasSize((int) length);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back)))
        .isEqualTo(HexFormat.of().formatHex(sent.digest()));
  }

  @Test
  void aBodyWithoutALengthIs411() {
    Reply reply =
        client.send(
            client
                .request("/s3/streamed.jar", null)
                .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(new byte[100]))));
    assertThat(reply.status()).as(reply.body()).isEqualTo(411);
    assertThat(reply.text("error")).isEqualTo("LENGTH_REQUIRED");
    assertThat(reply.text("message")).contains("Content-Length");
  }

  @Test
  void aLengthPastTheLimitIs413BeforeAByteIsRead() {
    RawHttp.Answer header =
        RawHttp.send(
            gateway.port(),
            "POST /skatev2/s3/huge.jar HTTP/1.1\r\nAuthorization: "
                + GatewayTestClient.basic("demo", "demo-pw")
                + "\r\nContent-Length: "
                + (LIMIT + 1),
            "");
    assertThat(header.status()).isEqualTo(413);
    // A length given as Apple's query parameter, with a chunked body, is checked too.
    Reply query =
        client.send(
            client
                .request("/s3/huge.jar?content-length=" + (LIMIT + 1), null)
                .header("Authorization", GatewayTestClient.basic("demo", "demo-pw"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(new byte[10]))));
    assertThat(query.status()).as(query.body()).isEqualTo(413);
    assertThat(query.text("error")).isEqualTo("REQUEST_TOO_LARGE");
  }

  @Test
  void namesAndFoldersThatWouldLeaveThePrefixAre400() {
    Reply name = upload("/s3/..", 1, () -> new ByteArrayInputStream(new byte[1]));
    assertThat(name.status()).isIn(400, 404);
    Reply folder =
        upload("/s3/ok.jar?folder=../other", 1, () -> new ByteArrayInputStream(new byte[1]));
    assertThat(folder.status()).as(folder.body()).isEqualTo(400);
    assertThat(folder.text("message")).startsWith("folder:");
    Reply odd = upload("/s3/a%20b.jar", 1, () -> new ByteArrayInputStream(new byte[1]));
    assertThat(odd.status()).as(odd.body()).isEqualTo(400);
    assertThat(odd.text("message")).startsWith("name:");
  }

  @Test
  void theStoreDownIs503WithTheReasonAndUploadsWorkWhenItIsBack() throws Exception {
    store.stop();
    try {
      Reply down = upload("/s3/while-down.jar", 3, () -> new ByteArrayInputStream(new byte[3]));
      assertThat(down.status()).as(down.body()).isEqualTo(503);
      assertThat(down.text("error")).isEqualTo("STORAGE_UNAVAILABLE");
      assertThat(down.text("message")).contains("object store s3://bpg at " + store.endpoint());
      assertThat(down.body()).doesNotContain(LocalObjectStore.SECRET_KEY, "Exception");
    } finally {
      store.resume();
    }
    Reply back = upload("/s3/after.jar", 3, () -> new ByteArrayInputStream(new byte[3]));
    assertThat(back.status()).as(back.body()).isEqualTo(200);
  }

  /** Pseudo-random bytes of a given length, digested as they are read. */
  private static final class GeneratedBody extends InputStream {
    private final Random random = new Random(42);
    private final MessageDigest digest;
    private long left;

    GeneratedBody(long length, MessageDigest digest) {
      this.left = length;
      this.digest = digest;
      digest.reset();
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(length, left);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, buffer, offset, n);
      digest.update(chunk);
      left -= n;
      return n;
    }
  }
}
