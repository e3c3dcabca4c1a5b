package org.segstream.inference.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.segstream.inference.translate.ClassMap;
import org.segstream.inference.translate.FrameImage;
import org.segstream.inference.translate.Translators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded TorchScript segmentation model and its card. Thread-safe to share; each worker thread
 * takes its own {@link Predictor} from {@link #newPredictor()} and never shares it.
 */
public final class SegmentationModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationModel.class);

  // A batch of frames is one prediction (see SegmentationTranslator); Java has no List<FrameImage>.class.
  @SuppressWarnings("unchecked")
  private static final Class<List<FrameImage>> BATCH_IN = (Class<List<FrameImage>>) (Class<?>) List.class;
  @SuppressWarnings("unchecked")
  private static final Class<List<ClassMap>> BATCH_OUT = (Class<List<ClassMap>>) (Class<?>) List.class;

  private final ModelCard card;
  private final ZooModel<List<FrameImage>, List<ClassMap>> model;
  private final Device device;

  private SegmentationModel(ModelCard card, ZooModel<List<FrameImage>, List<ClassMap>> model, Device device) {
    this.card = card;
    this.model = model;
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

  /** Loads {@code dir/model.json} and the TorchScript it names, on a GPU when DJL sees one. */
  public static SegmentationModel load(Path dir) {
    ModelCard card = check(dir);
    Path file = dir.resolve(card.modelFile());
    Device device = Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    if ("fp16".equals(card.computePrecision()) && !device.isGpu()) {
      throw new ModelException("model card " + dir.resolve("model.json") + ": field precision fp16 needs a GPU, "
          + "and this worker has none (libtorch has no half-precision convolution on the CPU); "
          + "export the model with --precision fp32 or bf16 for CPU workers");
    }
    Criteria<List<FrameImage>, List<ClassMap>> criteria = Criteria.builder()
        .setTypes(BATCH_IN, BATCH_OUT)
        .optEngine("PyTorch")
        .optModelPath(dir)
        .optModelName(card.modelName())
        .optDevice(device)
        // A model saved on a GPU must still load on a CPU-only worker.
        .optOption("mapLocation", "true")
        .optTranslator(Translators.forCard(card))
        .build();
    ZooModel<List<FrameImage>, List<ClassMap>> model;
    try {
      model = criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new ModelException("model file " + file + " could not be loaded: " + e.getMessage(), e);
    }
    try {
      GraphProbe.check(card, model, file);
      LOG.info("loaded {} ({} classes, input {}x{}) on {}", card.modelId(),
          card.labelSet().classes().size(), card.input().width(), card.input().height(), device);
      return new SegmentationModel(card, model, device);
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

  /** A predictor for one thread's exclusive use, predicting a batch at a time; the caller closes it. */
  public Predictor<List<FrameImage>, List<ClassMap>> newPredictor() {
    return model.newPredictor();
  }

  /** The underlying DJL model, for benchmarks that call the raw forward pass. */
  public ZooModel<List<FrameImage>, List<ClassMap>> djlModel() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }
}
