"""The ingest stage: read any export, map its headers, parse its values, validate every row."""

from aimonthly.ingest.errors import IngestError, Problem, ValueParseError
from aimonthly.ingest.formats import DATASETS, Column, Dataset
from aimonthly.ingest.parse import ParsedFile, parse_file

__all__ = ["DATASETS", "Column", "Dataset", "IngestError", "ParsedFile", "Problem", "ValueParseError", "parse_file", "ingest_file"]


def ingest_file(warehouse, dataset: str, path, **options):
    """Parse and validate ``path`` as ``dataset``, then add it to ``warehouse`` as one batch."""
    return warehouse.ingest(parse_file(dataset, path, **options))
