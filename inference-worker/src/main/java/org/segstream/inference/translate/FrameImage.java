package org.segstream.inference.translate;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A decoded frame handed to a translator.
 *
 * @param bgr the picture, 8-bit BGR; owned by the caller
 * @param wraps whether its left and right edges touch (an equirectangular panorama), so the
 *     translator pads it circularly instead of letting the network see two borders
 */
public record FrameImage(Mat bgr, boolean wraps) {}
