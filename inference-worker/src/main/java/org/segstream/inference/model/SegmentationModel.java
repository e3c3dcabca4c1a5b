package org.segstream.inference.model;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.inference.translate.PreparedFrame;
import org.segstream.inference.translate.SegmentationTranslator;
import org.segstream.inference.translate.Translators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded TorchScript segmentation model and its card, on one device. Thread-safe to share: any
 * thread may {@link #prepare} frames; each predicting thread takes its own {@link Predictor} from
 * {@link #newPredictor()} and never shares it.
 */
public final class SegmentationModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationModel.class);

  static {
    // Before anything here loads the engine: libtorch reads THP_MEM_ALLOC_ENABLE at its first allocation.
    HugePages.forLibtorch();
  }

  // A batch of frames is one prediction (see SegmentationTranslator); Java has no List<PreparedFrame>.class.
  @SuppressWarnings("unchecked")
  private static final Class<List<PreparedFrame>> BATCH_IN = (Class<List<PreparedFrame>>) (Class<?>) List.class;
  @SuppressWarnings("unchecked")
  private static final Class<List<ClassMap>> BATCH_OUT = (Class<List<ClassMap>>) (Class<?>) List.class;

  private final ModelCard card;
  private final ZooModel<List<PreparedFrame>, List<ClassMap>> model;
  private final SegmentationTranslator translator;
  private final Device device;

  private SegmentationModel(ModelCard card, ZooModel<List<PreparedFrame>, List<ClassMap>> model,
      SegmentationTranslator translator, Device device) {
    this.card = card;
    this.model = model;
    this.translator = translator;
    this.device = device;
  }

  /**
   * Checks that {@code dir} holds a valid card and the file it names, without loading the graph,
   * so a command can fail at once, before it starts anything else.
   */
  public static ModelCard check(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelException("model directory " + dir + " does not exist");
    }
    ModelCard card = ModelCard.load(dir);
    Path file = dir.resolve(card.modelFile());
    if (!Files.isReadable(file)) {
      throw new ModelException("model file " + file + " is missing or unreadable");
    }
    return card;
  }

  /** The devices a worker predicts on: every GPU DJL sees, or the CPU when it sees none. */
  public static List<Device> devices() {
    int gpus = Engine.getEngine("PyTorch").getGpuCount();
    if (gpus == 0) {
      return List.of(Device.cpu());
    }
    List<Device> devices = new ArrayList<>();
    for (int i = 0; i < gpus; i++) {
      devices.add(Device.gpu(i));
    }
    return devices;
  }

  /** Loads {@code dir/model.json} and the TorchScript it names, on the first GPU when DJL sees one. */
  public static SegmentationModel load(Path dir) {
    return load(dir, devices().get(0));
  }

  /** Loads {@code dir/model.json} and the TorchScript it names onto {@code device}. */
  public static SegmentationModel load(Path dir, Device device) {
    ModelCard card = check(dir);
    Path file = dir.resolve(card.modelFile());
    if ("fp16".equals(card.computePrecision()) && !device.isGpu()) {
      throw new ModelException("model card " + dir.resolve("model.json") + ": field precision fp16 needs a GPU, "
          + "and this worker has none (libtorch has no half-precision convolution on the CPU); "
          + "export the model with --precision fp32 or bf16 for CPU workers");
    }
    if (!device.isGpu()) {
      Nnpack.offIfUnusable();
    }
    SegmentationTranslator translator = Translators.forCard(card);
    Criteria<List<PreparedFrame>, List<ClassMap>> criteria = Criteria.builder()
        .setTypes(BATCH_IN, BATCH_OUT)
        .optEngine("PyTorch")
        .optModelPath(dir)
        .optModelName(card.modelName())
        .optDevice(device)
        // A model saved on a GPU must still load on a CPU-only worker.
        .optOption("mapLocation", "true")
        .optTranslator(translator)
        .build();
    ZooModel<List<PreparedFrame>, List<ClassMap>> model;
    try {
      model = criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new ModelException("model file " + file + " could not be loaded: " + e.getMessage(), e);
    }
    try {
      GraphProbe.check(card, model, file);
      LOG.info("loaded {} ({} classes, input {}x{}) on {}", card.modelId(),
          card.labelSet().classes().size(), card.input().width(), card.input().height(), device);
      return new SegmentationModel(card, model, translator, device);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public ModelCard card() {
    return card;
  }

  public Device device() {
    return device;
  }

  /**
   * Readies the calling thread for forward passes: libtorch's grad mode is per thread, and DJL
   * turns it off only on the thread that started the engine, so on any other thread every
   * forward pass would record an autograd graph for nothing.
   */
  public static void inferenceThread() {
    JniUtils.setGradMode(false);
  }

  /** The card's pixel work on one frame (resize, normalise, pad, tile); thread-safe. */
  public PreparedFrame prepare(FrameImage frame) {
    return translator.prepare(frame);
  }

  /** A predictor for one thread's exclusive use, predicting a batch at a time; the caller closes it. */
  public Predictor<List<PreparedFrame>, List<ClassMap>> newPredictor() {
    return model.newPredictor();
  }

  /** Prepares and predicts {@code frames} (one batch, all wrapping or none) on the caller's thread. */
  public List<ClassMap> segment(Predictor<List<PreparedFrame>, List<ClassMap>> predictor, List<FrameImage> frames)
      throws TranslateException {
    return predictor.predict(frames.stream().map(this::prepare).toList());
  }

  /**
   * Runs {@code batch} blank frames through {@code predictor} twice, so that TorchScript's
   * profiling run and graph optimisation happen before the first real frame does; returns the
   * second run's time in nanoseconds.
   */
  public long warmUp(Predictor<List<PreparedFrame>, List<ClassMap>> predictor, int batch) throws TranslateException {
    PreparedFrame blank;
    try (Mat black = new Mat(card.input().height(), card.input().width(), CV_8UC3, Scalar.all(0))) {
      blank = prepare(new FrameImage(black, false));
    }
    List<PreparedFrame> frames = Collections.nCopies(batch, blank);
    predictor.predict(frames);
    long start = System.nanoTime();
    predictor.predict(frames);
    return System.nanoTime() - start;
  }

  /** The underlying DJL model, for benchmarks that call the raw forward pass. */
  public ZooModel<List<PreparedFrame>, List<ClassMap>> djlModel() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }
}
