package dev.bpg.http;

import dev.bpg.artifact.FluentBitLogs;
import dev.bpg.artifact.LogArchive;
import java.util.Optional;

/**
 * Where {@code /log} finds the logs of pods that are gone: this gateway's archive, and the logs an
 * existing installation of Apple's gateway had shipped by Fluent Bit; each when configured.
 */
public record ArchivedLogs(Optional<LogArchive> archive, Optional<FluentBitLogs> fluentBit) {
  public static ArchivedLogs none() {
    return new ArchivedLogs(Optional.empty(), Optional.empty());
  }
}
