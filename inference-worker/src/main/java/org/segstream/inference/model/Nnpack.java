package org.segstream.inference.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches libtorch's NNPACK convolutions off where NNPACK cannot start. libtorch asks whether
 * NNPACK is usable on every CPU convolution and, where it is not (hosts whose cache layout NNPACK
 * cannot read, as on many cloud VMs), writes "Could not initialize NNPACK!" to stderr each time:
 * lines on every batch of a CPU worker. Switched off (Python's
 * {@code torch.backends.nnpack.set_flags(False)}), libtorch stops asking; NNPACK was unusable, so
 * convolutions run as before. DJL has no call for it, so this calls libtorch's C++ API through JNA
 * by its mangled names (the Itanium ABI: Linux only); where anything is missing it leaves libtorch
 * as it is.
 */
final class Nnpack {
  private static final Logger LOG = LoggerFactory.getLogger(Nnpack.class);
  private static final AtomicBoolean CHECKED = new AtomicBoolean();
  // dlopen flags RTLD_LAZY | RTLD_NOLOAD: a handle on the libtorch DJL loaded, not a second load, and
  // without JNA's default RTLD_GLOBAL, which would expose libtorch's symbols to libraries loaded later.
  private static final int ALREADY_LOADED = 0x1 | 0x4;

  private Nnpack() {}

  /** Once per process, before the first CPU forward pass; costs libtorch's warning once where NNPACK is unusable. */
  static void offIfUnusable() {
    if (!Platform.isLinux() || !CHECKED.compareAndSet(false, true)) {
      return;
    }
    try {
      Engine.getEngine("PyTorch");
      NativeLibrary torch = NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath(), "libtorch_cpu.so").toString(),
          Map.of(Library.OPTION_OPEN_FLAGS, ALREADY_LOADED));
      // at::native::_nnpack_available() returns a C++ bool: its low byte.
      boolean usable = (torch.getFunction("_ZN2at6native17_nnpack_availableEv").invokeInt(new Object[0]) & 0xff) != 0;
      if (!usable) {
        Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context, false});
        LOG.info("NNPACK cannot start on this CPU: switched off, so libtorch stops warning on every convolution");
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("NNPACK left as libtorch set it: {}", e.toString());
    }
  }
}
