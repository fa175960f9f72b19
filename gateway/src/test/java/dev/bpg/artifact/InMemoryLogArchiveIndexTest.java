package dev.bpg.artifact;

/** The in-memory index the archive's unit tests use keeps the table's rules. */
class InMemoryLogArchiveIndexTest extends LogArchiveIndexContract {
  private final InMemoryLogArchiveIndex index = new InMemoryLogArchiveIndex();

  @Override
  protected LogArchiveIndex index() {
    return index;
  }
}
