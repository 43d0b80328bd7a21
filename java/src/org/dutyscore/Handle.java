package org.dutyscore;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/** A C API handle freed by close(), or by the cleaner if it is forgotten. */
abstract class Handle implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final Pointer pointer;
  private final Cleaner.Cleanable cleanable;

  Handle(Pointer pointer, Consumer<Pointer> free) {
    this.pointer = pointer;
    this.cleanable = CLEANER.register(this, () -> free.accept(pointer));
  }

  Pointer pointer() {
    return pointer;
  }

  @Override
  public void close() {
    cleanable.clean();
  }
}
