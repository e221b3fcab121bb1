"""A data file's column names without reading its rows: the quick check a door makes before
it queues a plan on the file, so a typo in `target` fails the request, not a job later."""

from __future__ import annotations

from pathlib import Path

from mlplan.errors import DataFileError
from mlplan.profile._read import _READERS, file_format


def column_names(path: Path) -> list[str]:
    """The columns DuckDB reads from the file (CSV header sniffed, Parquet schema, JSON keys)."""
    import duckdb

    fmt = file_format(path)
    literal = "'" + str(path).replace("'", "''") + "'"
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"DESCRIBE SELECT * FROM {_READERS[fmt].format(path=literal)}"
        ).fetchall()
    except duckdb.Error as exc:
        raise DataFileError(f"{path.name}: cannot be read as {fmt}: {exc}") from exc
    finally:
        con.close()
    if not rows:
        raise DataFileError(f"{path.name}: the file has no columns")
    return [str(r[0]) for r in rows]


def check_columns(path: Path, **named: str | None) -> list[str]:
    """The file's columns; DataFileError naming the option when a named column is not one."""
    columns = column_names(path)
    for option, column in named.items():
        if column and column not in columns:
            more = f", … ({len(columns)} in all)" if len(columns) > 12 else ""
            flag = "--" + option.replace("_", "-")
            raise DataFileError(
                f"{flag} '{column}' is not a column of {path.name} ({', '.join(columns[:12])}{more})"
            )
    return columns
