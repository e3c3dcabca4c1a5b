package org.segstream.inference.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;
import org.junit.jupiter.api.Test;

class ModelErrorsTest {
  @Test
  void aTorchScriptErrorBecomesWhatTheGraphRaisedWithoutItsTraceback() {
    String traceback = """
        The following operation failed in the TorchScript interpreter.
        Traceback of TorchScript, serialized code (most recent call last):
          File "code/__torch__.py", line 28, in forward
              ops.prim.RaiseException(_6, "builtins.RuntimeError")
              ~~~~~~~~~~~~~~~~~~~~~~~ <--- HERE
        builtins.RuntimeError: tripwire: frame 0 of the batch is all white
        """;
    TranslateException error = new TranslateException(new EngineException(traceback));

    assertThat(ModelErrors.reason(error)).isEqualTo("builtins.RuntimeError: tripwire: frame 0 of the batch is all white");
  }

  @Test
  void aMessagelessErrorIsNamedByItsClassAndALongOneIsCut() {
    assertThat(ModelErrors.reason(new IllegalStateException(new NullPointerException())))
        .isEqualTo("java.lang.NullPointerException");
    assertThat(ModelErrors.reason(new IllegalStateException("x".repeat(1000)))).hasSize(ModelErrors.MAX_LENGTH);
  }
}
