"""What every house section shares: a frozen pydantic model that rejects unknown keys, and the
checks that turn a layered TOML table into one with errors that name the file and table."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Mapping, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aimonthly.core.errors import ConfigError, plural
from aimonthly.core.names import suggestion

HexColor = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]  # the only pattern-checked type (see MESSAGES)
Positive = Annotated[int, Field(gt=0)]
Days = Annotated[int, Field(ge=0)]  # an allowance in days: 0 is none
Weight = Annotated[float, Field(ge=0)]


class Section(BaseModel):
    """A ``[house]`` table: typed, frozen, unknown keys rejected. Field descriptions are the docs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def replace(self, **changes: Any) -> Any:
        """A copy with ``changes``, validated like a settings file (model_copy would not validate)."""
        return type(self).model_validate({**self.model_dump(), **changes})


@dataclass(frozen=True)
class Layer:
    """One source of house values: the file, the table they sit in (``house`` in a project file,
    the top level in house.toml or a house_file), and the parsed table."""

    where: str
    table: str
    data: Mapping[str, Any]


def _values_model(annotation: Any) -> type[BaseModel] | None:
    """The section class of a table of named tables (``dict[str, Feed]``: ``[news.feeds.<name>]``), if any."""
    if typing.get_origin(annotation) is dict:
        return _model_of(typing.get_args(annotation)[1])
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return next((m for a in typing.get_args(annotation) if (m := _values_model(a)) is not None), None)
    return None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The section class a field holds (itself, in a tuple, or optional), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (tuple, list, Union, types.UnionType, Annotated):
        for arg in typing.get_args(annotation):
            if (m := _model_of(arg)) is not None:
                return m
    return None


def _where(layer: Layer, path: tuple) -> str:
    """'aimonthly.toml [house.news]', '… [[house.market.industries]] item 2', or the file alone."""
    keys = [layer.table] if layer.table else []
    for p in path:
        if isinstance(p, int):
            return f"{layer.where} [[{'.'.join(keys)}]] item {p + 1}"
        keys.append(str(p))
    return f"{layer.where} [{'.'.join(keys)}]" if keys else layer.where


def unknown_keys(model: type[BaseModel], data: Any, layer: Layer, path: tuple = ()) -> list[str]:
    """Every key in ``data`` that ``model`` does not declare, as 'file [table]: unknown key …; did you mean …?'."""
    out: list[str] = []
    if not isinstance(data, Mapping):
        return out
    known = list(model.model_fields)
    for key, value in data.items():
        if key not in model.model_fields:
            hint = suggestion(str(key), known, n=1, quoted=True) or f"; known keys: {', '.join(known)}"
            out.append(f"{_where(layer, path)}: unknown key {key!r}{hint}")
            continue
        annotation = model.model_fields[key].annotation
        if (named := _values_model(annotation)) is not None and isinstance(value, Mapping):
            for name, item in value.items():
                out += unknown_keys(named, item, layer, (*path, key, name))
            continue
        sub = _model_of(annotation)
        if sub is None:
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                out += unknown_keys(sub, item, layer, (*path, key, i))
        else:
            out += unknown_keys(sub, value, layer, (*path, key))
    return out


def _lookup(data: Any, loc: tuple) -> bool:
    for p in loc:
        if isinstance(p, int) and isinstance(data, list) and p < len(data):
            data = data[p]
        elif isinstance(data, Mapping) and p in data:
            data = data[p]
        else:
            return False
    return True


MESSAGES = {  # pydantic's error types, in the words of a settings file
    "greater_than": "must be above {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be below {lt}",
    "less_than_equal": "must be at most {le}",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "string_type": "must be text (in quotes)",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_from_datetime_parsing": "must be a date, YYYY-MM-DD",
    "date_parsing": "must be a date, YYYY-MM-DD",
    "date_type": "must be a date, YYYY-MM-DD",
    "string_pattern_mismatch": "must be a colour written #RRGGBB",
    "string_too_short": "must not be empty",
    "literal_error": "must be one of {expected}",
    "missing": "is missing",
    "tuple_type": "must be a list",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
}


def describe(error: Mapping[str, Any]) -> str:
    if error["type"] == "greater_than" and (error.get("ctx") or {}).get("gt") == 0:
        return "must be positive"
    template = MESSAGES.get(error["type"])
    try:
        text = template.format(**(error.get("ctx") or {})) if template else error["msg"]
    except (KeyError, IndexError):
        return error["msg"]
    if error["type"] == "literal_error" and isinstance(error.get("input"), str):  # a misspelt choice
        choices = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
        text += suggestion(error["input"], choices, n=1, quoted=True)
    return text


def validate(model: type[BaseModel], layers: list[Layer], merged: Mapping[str, Any]) -> Any:
    """``model`` from ``merged`` (the layers merged, later over earlier); every problem, each with
    the file and table its value came from, in one ConfigError."""
    problems = [p for layer in layers for p in unknown_keys(model, layer.data, layer)]
    if not problems:
        try:
            return model.model_validate(merged)
        except ValidationError as e:
            errors = e.errors()
            for err in errors:
                loc = tuple(err["loc"])
                if any(len(o["loc"]) > len(loc) and tuple(o["loc"][: len(loc)]) == loc for o in errors):
                    continue  # a consequence of the more specific error inside it
                if err["type"] == "extra_forbidden":
                    continue  # reported above with a suggestion
                layer = next((ly for ly in reversed(layers) if _lookup(ly.data, loc)), None) or next(
                    (ly for ly in reversed(layers) if _lookup(ly.data, loc[:-1])), layers[0]
                )
                if err["type"] == "value_error":  # a check across keys: name the table
                    problems.append(f"{_where(layer, loc)}: {err['msg'].removeprefix('Value error, ')}")
                    continue
                last = max((i for i, p in enumerate(loc) if not isinstance(p, int)), default=0)
                field = model.model_fields.get(str(loc[0])) if loc else None
                secret = field is not None and "SecretStr" in str(field.annotation)  # a key is never echoed
                value = (
                    f" = {err['input']!r}"
                    if err["type"] != "missing" and not isinstance(err["input"], Mapping) and not secret
                    else ""
                )
                problems.append(f"{_where(layer, loc[:last])}: {loc[last] if loc else ''}{value} {describe(err)}")
    raise ConfigError(
        "; ".join(problems)
        if len(problems) < 4
        else f"{plural(len(problems), 'problem')} in the settings: " + "; ".join(problems[:10]),
        hint="the keys and their meanings: docs/settings.md",
    )
