package dev.bpg.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalClustersStartIT {

  @Test
  void rejectsNoClustersAndRepeatedIds() {
    assertThatThrownBy(() -> LocalClusters.start(List.of(), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                LocalClusters.start(
                    List.of(
                        new LocalClusterSpec("a", "ns", 0), new LocalClusterSpec("a", "other", 0)),
                    Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate local cluster id: a");
  }

  @Test
  void aPortInUseFailsTheStartAndStopsTheClustersAlreadyStarted() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int firstPort;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        firstPort = probe.getLocalPort();
      }

      assertThatThrownBy(
              () ->
                  LocalClusters.start(
                      List.of(
                          new LocalClusterSpec("first", "ns", firstPort),
                          new LocalClusterSpec("second", "ns", taken.getLocalPort())),
                      Clock.systemUTC()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));

      assertThat(isListening(firstPort)).as("the first cluster was stopped again").isFalse();
    }
  }

  @Test
  void startsOnTheGivenPortAndStopsListeningOnClose() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    LocalClusters clusters =
        LocalClusters.start(List.of(new LocalClusterSpec("fixed", "ns", port)), Clock.systemUTC());
    assertThat(clusters.cluster("fixed").port()).isEqualTo(port);
    assertThat(clusters.cluster("fixed").masterUrl()).isEqualTo("http://127.0.0.1:" + port);
    assertThat(isListening(port)).isTrue();

    clusters.close();
    clusters.close();

    assertThat(isListening(port)).isFalse();
  }

  private static boolean isListening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
