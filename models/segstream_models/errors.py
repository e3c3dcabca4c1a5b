class ExportError(Exception):
    """The export was refused: the message says why and is meant for the person running it."""
