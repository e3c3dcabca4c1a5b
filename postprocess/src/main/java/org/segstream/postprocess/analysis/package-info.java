/**
 * Per-frame geometry of a class map, computed on its row segments (runs cut at row ends) without
 * expanding run-length masks: connected regions ("blobs") per class, and for equirectangular
 * frames the class area per azimuth sector.
 */
package org.segstream.postprocess.analysis;
