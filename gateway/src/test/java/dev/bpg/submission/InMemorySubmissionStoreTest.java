package dev.bpg.submission;

/** The store contract on the in-memory store the domain's unit tests use. */
class InMemorySubmissionStoreTest extends SubmissionStoreContract {
  @Override
  protected SubmissionStore store() {
    return new InMemorySubmissionStore(COST);
  }
}
