package io.github.tweetsentiment.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The read-budget scenarios with the checkpoint and usage in the Firestore emulator: each function
 * instance its own client, so overlapping runs meet only in Firestore's transactions.
 */
class ReadBudgetIT extends ReadBudgetScenarios {
  private final String collection =
      "budget_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<FirestoreCheckpointStore> stores = new ArrayList<>();

  @Override
  CheckpointStore newStore() {
    FirestoreCheckpointStore store = Emulators.firestoreStore(collection);
    stores.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    stores.forEach(FirestoreCheckpointStore::close);
  }
}
