package org.segstream.postprocess.topology;

/** The outcome of checking one record of the masks topic: a countable frame or a dead letter. */
sealed interface CheckedMask permits FrameStats, RejectedMask {}
