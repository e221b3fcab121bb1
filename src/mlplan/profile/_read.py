"""Read a CSV, Parquet or JSON Lines file into a bounded in-memory sample with DuckDB.

DuckDB is used because it scans all three formats out of core: the row count is one
streaming pass over the whole file, and a file larger than the row cap is reduced by a
reservoir sample (uniform over the file, fixed seed, bounded memory) instead of reading it
whole. Only the sample is turned into numpy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mlplan.errors import DataFileError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

FileFormat = Literal["csv", "parquet", "jsonl"]

_SUFFIXES: dict[str, FileFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
_READERS: dict[FileFormat, str] = {
    "csv": "read_csv({path}, header = true, sample_size = 20480)",
    "parquet": "read_parquet({path})",
    "jsonl": "read_json({path}, format = 'newline_delimited')",
}
_INTEGER = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
)


@dataclass
class RawColumn:
    """One column of the sample as numpy arrays: values plus a missing mask."""

    name: str
    storage_type: str
    values: NDArray[np.generic]
    """float64 for numbers and booleans, datetime64[us] for dates, object (str) for text."""
    missing: NDArray[np.bool_]


@dataclass
class RawSample:
    source: str
    file_format: FileFormat
    total_rows: int
    columns: list[RawColumn]
    sampled: bool
    sample_method: str
    duplicate_rows: int

    @property
    def n(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    def get(self, name: str) -> RawColumn | None:
        return next((c for c in self.columns if c.name == name), None)


def file_format(path: Path) -> FileFormat:
    """The reader for a file, from its suffix (.csv/.tsv, .parquet, .jsonl/.ndjson/.json)."""
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DataFileError(
            f"{path.name}: unsupported data file type '{path.suffix}'; "
            "use CSV, Parquet or JSON Lines"
        )
    return fmt


def read_sample(path: Path, *, max_rows: int, seed: int = 42) -> RawSample:
    """Count the file's rows and load at most `max_rows` of them (reservoir sample)."""
    import duckdb

    if not path.is_file():
        raise DataFileError(f"data file not found: {path}")
    fmt = file_format(path)
    con = duckdb.connect()
    try:
        try:
            literal = "'" + str(path).replace("'", "''") + "'"
            con.execute(f"CREATE VIEW src AS SELECT * FROM {_READERS[fmt].format(path=literal)}")
            total = int(con.execute("SELECT count(*) FROM src").fetchone()[0])  # type: ignore[index]
        except duckdb.Error as exc:
            raise DataFileError(f"{path.name}: cannot be read as {fmt}: {exc}") from exc
        if total == 0:
            raise DataFileError(f"{path.name}: the file has no data rows")
        sampled = total > max_rows
        if sampled:
            con.execute(
                f"CREATE TABLE s AS SELECT * FROM src "
                f"USING SAMPLE reservoir({int(max_rows)} ROWS) REPEATABLE ({int(seed)})"
            )
            method = f"uniform reservoir sample of {max_rows:,} of {total:,} rows (seed {seed})"
        else:
            con.execute("CREATE TABLE s AS SELECT * FROM src")
            method = "all rows"
        dups = con.execute(
            "SELECT (SELECT count(*) FROM s) - (SELECT count(*) FROM (SELECT DISTINCT * FROM s))"
        ).fetchone()
        result = con.execute("SELECT * FROM s")
        types = [str(d[1]) for d in result.description or []]
        arrays = result.fetchnumpy()
    finally:
        con.close()
    columns = [_column(name, t, arrays[name]) for name, t in zip(arrays, types, strict=True)]
    return RawSample(
        source=path.name,
        file_format=fmt,
        total_rows=total,
        columns=columns,
        sampled=sampled,
        sample_method=method,
        duplicate_rows=int(dups[0]) if dups else 0,
    )


def _column(name: str, storage_type: str, array: object) -> RawColumn:
    """Normalise one DuckDB numpy column: numbers to float64 with NaN, text to object."""
    import numpy as np

    masked: np.ma.MaskedArray[Any, Any] = np.ma.asarray(array)
    missing = np.ma.getmaskarray(masked)
    base = storage_type.split("(")[0].upper()
    data = np.ma.getdata(masked)
    if base == "BOOLEAN" or base in _INTEGER or base in ("FLOAT", "DOUBLE", "DECIMAL", "REAL"):
        values: NDArray[np.generic] = data.astype("float64")
        values[missing] = np.nan
        missing = missing | np.isnan(values)
    elif base.startswith("DATE") or base.startswith("TIMESTAMP"):
        values = data.astype("datetime64[us]")
        missing = missing | np.isnat(values)
    else:
        text: list[str | None] = [None if m else str(v) for v, m in zip(data, missing, strict=True)]
        blank = np.array([v is not None and not v.strip() for v in text], dtype=bool)
        missing = missing | blank
        values = np.array(
            [None if b else v for v, b in zip(text, blank, strict=True)], dtype=object
        )
    return RawColumn(name=name, storage_type=storage_type, values=values, missing=missing)
