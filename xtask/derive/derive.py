#!/usr/bin/env python3
"""Derives an OpenAPI 3.0.3 description of Cloudflare's current API from its official
Python SDK package (`cloudflare` on PyPI), which Cloudflare generates from its own
description of the API.

Run it through `cargo xtask derive` (which installs the pinned, hash-checked package in a
virtual environment first); by hand:

    python3 xtask/derive/derive.py --out openapi/cloudflare-derived.json

What it reads, per public method of every resource class reachable from `Cloudflare`:

- the verb and path: the implementation's call to `self._get/_post/_put/_patch/_delete`
  or `self._get_api_list` (`method=`), its `path_template(...)` (or plain string);
- query, body and header parameters: the keys of the dicts given to `query=` and `body=`
  (through `maybe_transform(..., XParams)`), typed and aliased by the `XParams` TypedDict
  (a union of TypedDicts is a `oneOf` body), `files=` (multipart), `content=` (raw
  bytes), the constant `Accept`/`Content-Type` and the variable header entries of
  `extra_headers`;
- the response: `post_parser=ResultWrapper[...]._unwrapper` (Cloudflare's envelope, the
  method returning its `result`), the page class of `_get_api_list` (its own fields:
  `result`, `result_info`), or `cast_to` as the whole body (`NoneType`: none;
  `BinaryAPIResponse`: bytes; `str`: text);
- types: the pydantic response models and the TypedDict parameter types, loaded at run
  time (wire names from field aliases and `PropertyInfo(alias=...)`).

What no SDK package carries is left to the generator's policy (see ARCHITECTURE.md):
statuses (every success is written `200`), per-operation security (the document's
`security` lists every credential mode), constraints, defaults and examples.

The output is deterministic: keys sorted, components named from their module path and
class name (stable across SDK releases where the class did not move).
"""

from __future__ import annotations

import argparse
import ast
import datetime
import enum
import hashlib
import importlib
import importlib.util
import inspect
import json
import re
import sys
import textwrap
import types
import typing
from pathlib import Path
from typing import Any

import cloudflare
import pydantic
import typing_extensions
from cloudflare._models import BaseModel
from cloudflare._utils import PropertyInfo

VERBS = {"_get": "get", "_post": "post", "_put": "put", "_patch": "patch", "_delete": "delete"}
SKIPPED_ATTRS = {"with_raw_response", "with_streaming_response"}
ENVELOPE_PAGES = {
    # Page classes whose body is Cloudflare's envelope (`success`, `errors`, `messages`).
    "SyncV4PagePaginationArray",
    "SyncV4PagePagination",
    "SyncCursorPagination",
    "SyncCursorPaginationAfter",
    "SyncCursorLimitPagination",
    "SyncSinglePage",
}


class Problem(Exception):
    """A method the deriver cannot read: reported, never guessed."""


# ---------------------------------------------------------------------------------------
# Schemas from Python types
# ---------------------------------------------------------------------------------------


def camel(s: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[_\W]+", s) if p)


def component_name(cls: type) -> str:
    """`cloudflare.types.dns.record_response.ARecord` -> `DnsRecordResponseARecord`; the
    module's last part is not repeated when the class is named for it."""
    module = cls.__module__
    for prefix in ("cloudflare.types.", "cloudflare."):
        if module.startswith(prefix):
            module = module[len(prefix) :]
            break
    parts = [camel(p) for p in module.split(".") if p]
    # A parametrized generic model (`V4PagePaginationResult[Optional[X]]`): its words.
    name = "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", cls.__name__) if w)
    if parts and parts[-1] == name:
        parts = parts[:-1]
    return "".join(parts) + name


class Schemas:
    """The components written so far, and the conversion of a type to a schema."""

    def __init__(self) -> None:
        self.components: dict[str, dict] = {}
        self.owner: dict[str, type] = {}
        self.in_progress: set[str] = set()

    def ref(self, cls: type, build) -> dict:
        name = component_name(cls)
        other = self.owner.get(name)
        if other is not None and other is not cls:
            # Two classes whose module path and name flatten alike: qualify by a hash of
            # the full name, stable across runs.
            digest = hashlib.sha1(f"{cls.__module__}.{cls.__qualname__}".encode()).hexdigest()
            name = f"{name}{digest[:6]}"
        if name not in self.components and name not in self.in_progress:
            self.owner[name] = cls
            self.in_progress.add(name)
            self.components[name] = build(cls)
            self.in_progress.discard(name)
        return {"$ref": f"#/components/schemas/{name}"}

    def of(self, tp: Any) -> dict:
        """The schema of a Python type annotation."""
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Annotated:
            inner, *meta = args
            schema = self.of(inner)
            for m in meta:
                # `iso8601` formats the datetimes inside too (a list of them, a union with
                # `str`): only a string itself is `date-time`.
                if (
                    isinstance(m, PropertyInfo)
                    and m.format == "iso8601"
                    and schema.get("type") == "string"
                    and "enum" not in schema
                ):
                    schema = dict(schema, format="date-time")
            return schema
        if tp is Any or tp is object:
            return {}
        if type(tp).__name__ == "TypeAliasType":
            # A named (possibly recursive) alias: its value.
            value = tp.__value__
            if "ForwardRef" in repr(value):
                namespace = vars(sys.modules[tp.__module__])
                value = typing._eval_type(value, namespace, namespace)  # noqa: SLF001
            return self.of(value)
        if tp is type(None):
            return {"nullable": True}
        if isinstance(tp, typing.ForwardRef):
            raise Problem(f"an unresolved forward reference {tp}")
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is datetime.datetime:
            return {"type": "string", "format": "date-time"}
        if tp is datetime.date:
            return {"type": "string", "format": "date"}
        if tp is bytes or getattr(tp, "__name__", "") in ("FileContent", "IO", "PathLike"):
            return {"type": "string", "format": "binary"}
        if origin is typing.Literal:
            values = list(args)
            kinds = {type(v) for v in values}
            schema: dict = {"enum": values}
            if kinds == {str}:
                schema["type"] = "string"
            elif kinds <= {int}:
                schema["type"] = "integer"
            elif kinds <= {int, float}:
                schema["type"] = "number"
            elif kinds == {bool}:
                schema["type"] = "boolean"
            return schema
        if origin in (typing.Union, types.UnionType):
            return self.union(args)
        if origin in (list, typing.List, tuple, set, frozenset) or (
            origin is not None
            and getattr(origin, "__name__", "") in ("Sequence", "Iterable", "SequenceNotStr", "List")
        ):
            item = args[0] if args else Any
            return {"type": "array", "items": self.of(item)}
        if origin in (dict, typing.Dict) or getattr(origin, "__name__", "") == "Mapping":
            value = args[1] if len(args) == 2 else Any
            inner = self.of(value)
            return {"type": "object", "additionalProperties": inner if inner else True}
        if tp in (dict, list):
            return {"type": "object"} if tp is dict else {"type": "array", "items": {}}
        if inspect.isclass(tp) and issubclass(tp, pydantic.BaseModel):
            return self.ref(tp, self.model)
        if inspect.isclass(tp) and typing_extensions.is_typeddict(tp):
            return self.ref(tp, self.typed_dict)
        if inspect.isclass(tp) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if inspect.isclass(tp) and tp.__mro__[1:] == (object,) and not vars(tp).get("__annotations__"):
            # An empty class: the description has no schema for it (free-form).
            schema: dict = {}
            if tp.__doc__:
                schema["description"] = clean(tp.__doc__)
            return schema
        name = getattr(tp, "__name__", repr(tp))
        if name in ("FileTypes", "BinaryIO"):
            return {"type": "string", "format": "binary"}
        raise Problem(f"a type the deriver does not read: {tp!r}")

    def union(self, args) -> dict:
        nullable = any(a is type(None) for a in args)
        members = [a for a in args if a is not type(None)]
        # A union of literals is one enum.
        if members and all(typing.get_origin(a) is typing.Literal for a in members):
            schema = self.of(typing.Literal[tuple(v for a in members for v in typing.get_args(a))])
        elif len(members) == 1:
            schema = self.of(members[0])
        else:
            schemas = []
            for m in members:
                s = self.of(m)
                if s not in schemas:
                    schemas.append(s)
            if len(schemas) > 1 and all(
                x.get("type") == "string" and "enum" not in x for x in schemas
            ):
                # `Union[str, datetime]`: a string either way.
                schemas = [{"type": "string"}]
            schema = schemas[0] if len(schemas) == 1 else {"oneOf": schemas}
        if nullable:
            if "$ref" in schema:
                schema = {"allOf": [schema], "nullable": True}
            else:
                schema = dict(schema, nullable=True)
        return schema

    def model(self, cls: type) -> dict:
        props: dict[str, dict] = {}
        required: list[str] = []
        for name, field in cls.model_fields.items():
            wire = field.alias or name
            annotation = field.annotation
            if "ForwardRef" in repr(annotation):
                # A model pydantic left unbuilt (a circle of modules): its annotation read
                # in its own module.
                namespace = vars(sys.modules[cls.__module__])
                annotation = typing._eval_type(annotation, namespace, namespace)  # noqa: SLF001
            schema = self.field(annotation, field.metadata)
            doc = field_doc(cls, name)
            if doc:
                schema = with_description(schema, doc)
            props[wire] = schema
            if field.is_required():
                required.append(wire)
        out: dict = {"type": "object", "properties": props}
        if required:
            out["required"] = sorted(required)
        if cls.__doc__ and cls.__doc__ is not BaseModel.__doc__:
            out["description"] = clean(cls.__doc__)
        return out

    def typed_dict(self, cls: type) -> dict:
        props: dict[str, dict] = {}
        hints = typing.get_type_hints(cls, include_extras=True)
        required = []
        for name, tp in hints.items():
            wire = alias_of(tp) or name
            props[wire] = self.field(strip_required(tp), ())
            doc = field_doc(cls, name)
            if doc:
                props[wire] = with_description(props[wire], doc)
            if name in required_keys(cls):
                required.append(wire)
        out: dict = {"type": "object", "properties": props}
        if required:
            out["required"] = sorted(required)
        return out

    def field(self, tp: Any, metadata) -> dict:
        discriminator = None
        for m in list(metadata) + list(typing.get_args(tp)[1:] if typing.get_origin(tp) is typing.Annotated else []):
            if isinstance(m, PropertyInfo) and m.discriminator:
                discriminator = m.discriminator
        schema = self.of(tp)
        if discriminator and "oneOf" in schema:
            schema = dict(schema, discriminator={"propertyName": discriminator})
        return schema


def qualifier(tp: Any) -> str | None:
    """`Required` or `NotRequired` when `tp` is so marked (through `Annotated`), else `None`."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return qualifier(typing.get_args(tp)[0])
    for q in ("NotRequired", "Required"):
        if getattr(origin, "_name", None) == q or str(origin).endswith(q):
            return q
    return None


def required_keys(cls: type) -> set[str]:
    """The keys a TypedDict requires. Not `__required_keys__`: the SDK's modules use
    `from __future__ import annotations`, and Python 3.11 cannot see `Required[...]` in a
    string annotation, so it calls every key of a `total=False` class optional."""
    total = getattr(cls, "__total__", True)
    out = set()
    for name, tp in typing.get_type_hints(cls, include_extras=True).items():
        q = qualifier(tp)
        if q == "Required" or (total and q != "NotRequired"):
            out.add(name)
    return out


def strip_required(tp: Any) -> Any:
    """`Required[X]`, `NotRequired[X]`, `ReadOnly[X]` -> `X` (keeping `Annotated`)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        inner, *meta = typing.get_args(tp)
        return typing.Annotated[(strip_required(inner), *meta)]
    if getattr(origin, "_name", None) in ("Required", "NotRequired") or str(origin).endswith(
        ("Required", "NotRequired", "ReadOnly")
    ):
        return strip_required(typing.get_args(tp)[0])
    return tp


def alias_of(tp: Any) -> str | None:
    """The wire name `PropertyInfo(alias=...)` gives a TypedDict field."""
    for layer in (tp, strip_required(tp)):
        if typing.get_origin(layer) is typing.Annotated:
            for m in typing.get_args(layer)[1:]:
                if isinstance(m, PropertyInfo) and m.alias:
                    return m.alias
        for a in typing.get_args(layer):
            if typing.get_origin(a) is typing.Annotated:
                for m in typing.get_args(a)[1:]:
                    if isinstance(m, PropertyInfo) and m.alias:
                        return m.alias
    return None


def clean(doc: str) -> str:
    return textwrap.dedent(doc).strip()


PYTHON_ONLY_ARGS = ("extra_headers", "extra_query", "extra_body", "timeout")


def split_args(doc: str) -> tuple[str, dict[str, str]]:
    """A method's docstring without its Python `Args:` section, and that section's
    descriptions by argument name. The section repeats the parameters' descriptions and adds
    the Python client's own options (`extra_headers`, `timeout`, ...), which the HTTP API
    does not have."""
    text, sep, rest = doc.partition("\n\nArgs:\n")
    if not sep:
        if doc.startswith("Args:\n"):
            text, rest = "", doc.removeprefix("Args:\n")
        else:
            return doc, {}
    args: dict[str, str] = {}
    name = None
    for line in rest.split("\n"):
        m = re.match(r"^  (\w+): ?(.*)$", line)
        if m:
            name = m.group(1)
            args[name] = m.group(2).strip()
        elif name and line.strip():
            args[name] = (args[name] + " " + line.strip()).strip()
    for py in PYTHON_ONLY_ARGS:
        args.pop(py, None)
    return text.strip(), args


def with_description(schema: dict, doc: str) -> dict:
    if "$ref" in schema:
        return {"allOf": [schema], "description": doc}
    return dict(schema, description=doc)


_FIELD_DOCS: dict[type, dict[str, str]] = {}


def field_doc(cls: type, name: str) -> str | None:
    """The docstring under a class attribute (Stainless writes Cloudflare's description
    there)."""
    if cls not in _FIELD_DOCS:
        docs: dict[str, str] = {}
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
            body = tree.body[0].body  # type: ignore[attr-defined]
            for a, b in zip(body, body[1:]):
                if (
                    isinstance(a, ast.AnnAssign)
                    and isinstance(a.target, ast.Name)
                    and isinstance(b, ast.Expr)
                    and isinstance(b.value, ast.Constant)
                    and isinstance(b.value.value, str)
                ):
                    docs[a.target.id] = clean(b.value.value)
        except (OSError, TypeError, SyntaxError, IndexError):
            pass
        _FIELD_DOCS[cls] = docs
    return _FIELD_DOCS[cls].get(name)


# ---------------------------------------------------------------------------------------
# Methods from the resource classes
# ---------------------------------------------------------------------------------------


def resources(client) -> list[tuple[str, Any]]:
    """Every resource reachable from the client, as (dotted path, instance), in a stable
    order."""
    out = []

    def walk(obj, path: str, seen: set):
        cls = type(obj)
        for name in sorted(dir(cls)):
            if name.startswith("_") or name in SKIPPED_ATTRS:
                continue
            attr = inspect.getattr_static(cls, name)
            if not hasattr(attr, "func") or not hasattr(attr, "attrname"):
                continue  # not a cached_property
            child = getattr(obj, name)
            if type(child).__module__.startswith("cloudflare.resources"):
                child_path = f"{path}.{name}" if path else name
                if type(child) in seen:
                    continue
                out.append((child_path, child))
                walk(child, child_path, seen | {type(child)})

    walk(client, "", set())
    return out


def methods(resource) -> list[tuple[str, Any]]:
    cls = type(resource)
    out = []
    for name, attr in cls.__dict__.items():
        if name.startswith("_") or name in SKIPPED_ATTRS or not inspect.isfunction(attr):
            continue
        out.append((name, attr))
    return sorted(out)


def call_of(fn) -> tuple[ast.Call, str]:
    """The `self._get/_post/...` or `self._get_api_list` call of a method's implementation
    and the verb."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
        ):
            attr = node.func.attr
            if attr in VERBS:
                return node, VERBS[attr]
            if attr == "_get_api_list":
                verb = "get"
                for kw in node.keywords:
                    if kw.arg == "method" and isinstance(kw.value, ast.Constant):
                        verb = kw.value.value
                return node, verb
    raise Problem("no request call in the method")


def kw(call: ast.Call, name: str) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def path_of(call: ast.Call) -> tuple[str, dict[str, str]]:
    """The path template and each placeholder's Python argument."""
    first = call.args[0] if call.args else kw(call, "path")
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value, {}
    if isinstance(first, ast.Call) and getattr(first.func, "id", "") == "path_template":
        template = first.args[0].value  # type: ignore[attr-defined]
        args = {}
        for k in first.keywords:
            args[k.arg] = ast.unparse(k.value)
        return template, args
    if isinstance(first, ast.JoinedStr):
        parts, args = [], {}
        for v in first.values:
            if isinstance(v, ast.Constant):
                parts.append(v.value)
            else:
                expr = ast.unparse(v.value)  # type: ignore[attr-defined]
                parts.append("{" + expr + "}")
                args[expr] = expr
        return "".join(parts), args
    raise Problem(f"a path the deriver does not read: {ast.unparse(first)}")


def dict_keys(node: ast.expr | None) -> tuple[list[tuple[str, str]], str | None]:
    """(key, Python expression) pairs of a `maybe_transform({...}, Params)` or plain dict,
    and the Params class expression."""
    if node is None:
        return [], None
    params = None
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
        "maybe_transform",
        "async_maybe_transform",
    ):
        params = ast.unparse(node.args[1]) if len(node.args) > 1 else None
        node = node.args[0]
    if isinstance(node, ast.Dict):
        pairs = []
        for k, v in zip(node.keys, node.values):
            if isinstance(k, ast.Constant):
                pairs.append((k.value, ast.unparse(v)))
        return pairs, params
    return [("", ast.unparse(node))], params


def resolve(fn, expr: str) -> Any:
    """Evaluates a type expression (`record_create_params.RecordCreateParams`) in the
    method's module."""
    module = sys.modules[fn.__module__]
    return eval(expr, vars(module))  # noqa: S307 - the SDK's own names


def params_members(tp: Any) -> list[type]:
    """The TypedDicts of a Params type: itself, or each member of its union."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(tp) if typing_extensions.is_typeddict(a)]
    return [tp] if typing_extensions.is_typeddict(tp) else []


def operation(fn, resource_path: str, name: str, schemas: Schemas) -> list[tuple[str, str, dict]]:
    call, verb = call_of(fn)
    template, path_args = path_of(call)
    hints = typing.get_type_hints(fn, include_extras=True)
    sig = inspect.signature(fn)
    doc, arg_docs = split_args(clean(fn.__doc__ or ""))
    summary = doc.split("\n\n")[0].replace("\n", " ") if doc else ""
    options = kw(call, "options")
    query_node = kw(options, "query") if isinstance(options, ast.Call) else None
    header_node = kw(options, "extra_headers") if isinstance(options, ast.Call) else None
    post_parser = kw(options, "post_parser") if isinstance(options, ast.Call) else None

    query_pairs, query_params = dict_keys(query_node)
    body_pairs, body_params = dict_keys(kw(call, "body"))
    members = []
    for expr in {p for p in (query_params, body_params) if p}:
        members.extend(params_members(resolve(fn, expr)))

    def member_field(key: str, py: str):
        """(wire name, type, required) of the Params field `key` (the dict's key), from the
        first member that has it, else of the method's argument `py`."""
        for m in members:
            h = typing.get_type_hints(m, include_extras=True)
            if key in h:
                return alias_of(h[key]) or key, strip_required(h[key]), key in required_keys(m)
        tp = hints.get(py)
        if tp is None:
            raise Problem(f"no type for parameter `{py}`")
        default = sig.parameters[py].default if py in sig.parameters else None
        return py, tp, default is inspect.Parameter.empty

    parameters = []
    for placeholder in re.findall(r"{([^}]+)}", template):
        p = {"name": placeholder, "in": "path", "required": True, "schema": {"type": "string"}}
        if arg_docs.get(placeholder):
            p["description"] = arg_docs[placeholder]
        parameters.append(p)
    for key, expr in query_pairs:
        # The wire name: the Params field's alias (`aggInterval`), else the dict's key.
        name, tp, required = member_field(key, expr if expr.isidentifier() else key)
        for qname, schema in flat_query(name, tp, schemas):
            p = {"name": qname, "in": "query", "schema": schema}
            if required and qname == name:
                p["required"] = True
            described = "description" in schema or (
                "allOf" in schema and "description" in schema.get("allOf", [{}])[0]
            )
            if qname == name and not described and arg_docs.get(key):
                p["description"] = arg_docs[key]
            parameters.append(p)
    content_type = None
    accept = None
    if isinstance(header_node, ast.Dict):
        for k, v in zip(header_node.keys, header_node.values):
            if not isinstance(k, ast.Constant):
                continue
            if isinstance(v, ast.Constant):
                if k.value.lower() == "content-type":
                    content_type = v.value
                elif k.value.lower() == "accept":
                    accept = v.value
                continue
            expr = ast.unparse(v)
            py = re.sub(r"^.*\((\w+)\).*$", r"\1", expr) if "(" in expr else expr
            if py in hints:
                tp = hints[py]
                parameters.append(
                    {"name": k.value, "in": "header", "schema": header_schema(tp, schemas)}
                )

    request_body = None
    files = kw(call, "files")
    content = kw(call, "content")
    if body_pairs and body_pairs[0][0] == "" and body_pairs[0][1] not in hints:
        # A body built in the method (a multipart form from its arguments): every keyword
        # argument that is not a path, query or header parameter is a part.
        taken = set(path_args) | {e for _, e in query_pairs} | {p["name"] for p in parameters}
        parts = [
            (n, n)
            for n, prm in sig.parameters.items()
            if n != "self"
            and n not in taken
            and n not in ("extra_headers", "extra_query", "extra_body", "timeout")
            and prm.kind is inspect.Parameter.KEYWORD_ONLY
        ]
        request_body = body_schema(parts, [], hints, schemas, files is not None, content_type)
    elif body_pairs and body_pairs[0][0] == "":
        # A whole-value body: the argument itself.
        py = body_pairs[0][1]
        tp = hints[py]
        request_body = {"required": True, "content": {content_type or "application/json": {"schema": schemas.of(strip_omit(tp))}}}
    elif body_pairs:
        request_body = body_schema(body_pairs, members, hints, schemas, files is not None, content_type)
    elif content is not None:
        request_body = {"required": True, "content": {content_type or "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
    elif files is not None:
        request_body = {"required": True, "content": {"multipart/form-data": {"schema": {"type": "object"}}}}

    responses = response_of(call, post_parser, fn, hints, schemas, accept)
    op: dict = {
        "operationId": f"{resource_path}.{name}",
        "summary": summary,
        "x-stainless-resource": resource_path,
        "x-stainless-method": name,
        "parameters": parameters,
        "responses": responses,
    }
    if doc and doc != summary:
        op["description"] = doc
    if request_body:
        op["requestBody"] = request_body
    if "{account_or_zone}" in template:
        out = []
        for scope, id_name in (("accounts", "account_id"), ("zones", "zone_id")):
            path = template.replace("{account_or_zone}", scope).replace(
                "{account_or_zone_id}", "{" + id_name + "}"
            )
            scoped = json.loads(json.dumps(op))
            scoped["operationId"] = f"{resource_path}.{name}.{scope}"
            scoped["parameters"] = [
                p
                for p in scoped["parameters"]
                if not (p["in"] == "path" and p["name"] in ("account_or_zone", "account_or_zone_id"))
            ]
            scoped["parameters"].insert(
                0, {"name": id_name, "in": "path", "required": True, "schema": {"type": "string"}}
            )
            out.append((path, verb, scoped))
        return out
    return [(template, verb, op)]


def strip_omit(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if getattr(a, "__name__", "") not in ("Omit", "NotGiven")]
        return args[0] if len(args) == 1 else typing.Union[tuple(args)]
    return tp


def header_schema(tp: Any, schemas: Schemas) -> dict:
    s = schemas.of(strip_omit(tp))
    return s if s.get("type") in ("string", "integer", "number", "boolean") else {"type": "string"}


def flat_query(name: str, tp: Any, schemas: Schemas) -> list[tuple[str, dict]]:
    """A query parameter as sent: an object flattened to `name.key` (each leaf its own
    parameter), anything else as it is."""
    tp = strip_omit(strip_required(tp))
    inner = tp
    if typing.get_origin(inner) is typing.Annotated:
        inner = typing.get_args(inner)[0]
    if inspect.isclass(inner) and typing_extensions.is_typeddict(inner):
        out = []
        for k, v in typing.get_type_hints(inner, include_extras=True).items():
            out.extend(flat_query(f"{name}.{alias_of(v) or k}", v, schemas))
        return out
    return [(name, schemas.of(tp))]


def body_schema(pairs, members, hints, schemas: Schemas, multipart: bool, content_type) -> dict:
    """A JSON (or multipart) object body from the keys the method sends: one schema per
    Params member (a `oneOf` when the Params type is a union)."""
    keys = [k for k, _ in pairs]
    variants = []
    for m in members or [None]:
        props, required = {}, []
        mh = typing.get_type_hints(m, include_extras=True) if m else {}
        for key, expr in pairs:
            py = expr if expr.isidentifier() else key
            if m is not None and py not in mh and key not in mh:
                continue
            tp = mh.get(py) or mh.get(key) or hints.get(py)
            if tp is None:
                continue
            wire = (alias_of(tp) if m else None) or key
            schema = schemas.field(strip_omit(strip_required(tp)), ())
            doc = field_doc(m, py) if m else None
            if doc:
                schema = with_description(schema, doc)
            props[wire] = schema
            if m is not None and py in required_keys(m):
                required.append(wire)
        v: dict = {"type": "object", "properties": props}
        if required:
            v["required"] = sorted(required)
        if v not in variants:
            variants.append(v)
    schema = variants[0] if len(variants) == 1 else {"oneOf": variants}
    media = "multipart/form-data" if multipart else (content_type or "application/json")
    return {"required": bool(keys), "content": {media: {"schema": schema}}}


def response_of(call, post_parser, fn, hints, schemas: Schemas, accept) -> dict:
    page = kw(call, "page")
    if page is not None:
        page_tp = resolve(fn, ast.unparse(page))
        generic = getattr(page_tp, "__pydantic_generic_metadata__", None) or {}
        page_cls = generic.get("origin") or typing.get_origin(page_tp) or page_tp
        args = generic.get("args") or typing.get_args(page_tp)
        item = args[0] if args else Any
        props = page_properties(page_cls, item, schemas)
        if page_cls.__name__ in ENVELOPE_PAGES:
            props = dict(envelope_properties(), **props)
        return {
            "200": {
                "description": f"A page ({page_cls.__name__.removeprefix('Sync')}).",
                "x-stainless-page": page_cls.__name__.removeprefix("Sync"),
                "content": {"application/json": {"schema": {"type": "object", "properties": props}}},
            }
        }
    cast_to = kw(call, "cast_to")
    cast_expr = ast.unparse(cast_to) if cast_to is not None else "NoneType"
    returns = hints.get("return")
    if post_parser is not None:
        # Cloudflare's envelope, the method returning its `result`.
        result = schemas.of(returns) if returns is not None else {}
        props = dict(envelope_properties(), result=result)
        return {
            "200": {
                "description": "Cloudflare's envelope.",
                "content": {"application/json": {"schema": {"type": "object", "properties": props}}},
            }
        }
    if cast_expr == "NoneType":
        return {"200": {"description": "No body."}}
    if "BinaryAPIResponse" in cast_expr or "BinaryAPIResponse" in repr(returns):
        return {
            "200": {
                "description": "Bytes.",
                "content": {accept or "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    if cast_expr == "str" or returns is str:
        return {"200": {"description": "Text.", "content": {accept or "text/plain": {"schema": {"type": "string"}}}}}
    schema = schemas.of(returns) if returns is not None else {}
    return {"200": {"description": "The body.", "content": {"application/json": {"schema": schema}}}}


def envelope_properties() -> dict:
    message = {"$ref": "#/components/schemas/ResponseInfo"}
    return {
        "errors": {"type": "array", "items": message},
        "messages": {"type": "array", "items": message},
        "success": {"type": "boolean"},
    }


def page_properties(page_cls: type, item: Any, schemas: Schemas) -> dict:
    """A page class's own fields (`result`, `result_info`, ...), its item type put in."""
    props = {}
    for name, field in page_cls.model_fields.items():
        tp = substitute(field.annotation, item)
        props[field.alias or name] = schemas.of(tp)
    return props


def substitute(tp: Any, item: Any) -> Any:
    """`tp` with the page's type variable replaced by `item`."""
    if isinstance(tp, typing.TypeVar):
        return item
    generic = getattr(tp, "__pydantic_generic_metadata__", None) or {}
    if generic.get("origin") is not None and generic.get("args"):
        return generic["origin"][tuple(substitute(a, item) for a in generic["args"])]
    if generic.get("origin") is None and generic.get("parameters"):
        # A generic model named bare (`V4PagePaginationResult`): its type variable is the
        # page's.
        return tp[tuple(item for _ in generic["parameters"])]
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if not args:
        return tp
    new = tuple(substitute(a, item) for a in args)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[new]
    if origin is list:
        return typing.List[new[0]]
    if inspect.isclass(origin) and issubclass(origin, pydantic.BaseModel):
        # A generic model (`V4PagePaginationResult[_T]`): its fields, substituted.
        return origin[new]
    try:
        return origin[new]
    except TypeError:
        return tp


# ---------------------------------------------------------------------------------------
# Names from the TypeScript package
# ---------------------------------------------------------------------------------------


def snake(name: str, acronyms: bool = True) -> str:
    """A TypeScript name as Cloudflare's reference writes it. Resources split an acronym
    from the word after it (`dDoSProtection` -> `d_do_s_protection`, `idPFederationGrants`
    -> `id_p_federation_grants`); methods do not (`deleteByIDs` -> `delete_by_ids`,
    `startLivestreamingAMeeting` -> `start_livestreaming_ameeting`, `dnssecE2E` ->
    `dnssec_e2_e`)."""
    if acronyms:
        name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return name.lower()


TS_CALL = re.compile(
    r"this\._client\.(get|post|put|patch|delete|getAPIList)\(\s*(?:path`([^`]*)`|'([^']*)')",
    re.S,
)


def ts_names(package: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Each (verb, path) of the TypeScript package's resource methods, and the resource
    path and method name the reference gives it (the class's `_key`, snake-cased). A path
    served in both scopes (`/${accountOrZone}/${accountOrZoneId}/...`) is listed under
    `/accounts/{}` and `/zones/{}`."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for file in sorted((package / "src" / "resources").rglob("*.ts")):
        text = file.read_text()
        classes = list(re.finditer(r"export class (\w+) extends APIResource \{", text))
        for i, c in enumerate(classes):
            body = text[c.end() : classes[i + 1].start() if i + 1 < len(classes) else len(text)]
            key = re.search(r"_key: readonly \[([^\]]*)\]", body)
            if not key:
                continue
            resource = ".".join(snake(k) for k in re.findall(r"'([^']+)'", key.group(1)))
            methods = list(re.finditer(r"^  (\w+)\(", body, re.M))
            for j, m in enumerate(methods):
                end = methods[j + 1].start() if j + 1 < len(methods) else len(body)
                call = TS_CALL.search(body, m.end(), end)
                if not call:
                    continue
                verb = call.group(1)
                if verb == "getAPIList":
                    verb = "get"
                    meth = re.search(r"method:\s*'(\w+)'", body[call.end() : end])
                    if meth:
                        verb = meth.group(1)
                template = re.sub(r"\$\{[^}]+\}", "{}", call.group(2) or call.group(3)).split("?")[0]
                templates = [template]
                if template.startswith("/{}/{}"):
                    templates = ["/accounts/{}" + template[6:], "/zones/{}" + template[6:]]
                region = body[m.end() : end]
                media = re.search(r"'Content-Type': '([^']+)'", region)
                if "multipartFormRequestOptions" in region:
                    TS_MEDIA[(verb, templates[0])] = "multipart/form-data"
                elif media:
                    TS_MEDIA[(verb, templates[0])] = media.group(1)
                for t in templates:
                    out.setdefault((verb, t), []).append((resource, snake(m.group(1), acronyms=False)))
                    if (verb, templates[0]) in TS_MEDIA:
                        TS_MEDIA[(verb, t)] = TS_MEDIA[(verb, templates[0])]
    return out


# (verb, path pattern) -> the request media type the TypeScript package sends, where it
# says one (`application/x-ndjson` for Vectorize inserts, form-urlencoded for brand
# protection logos, multipart): the Python package loses some of them.
TS_MEDIA: dict[tuple[str, str], str] = {}


def with_ts_media(op: dict, verb: str, path: str) -> None:
    """The request body's media type as the TypeScript package sends it, where the Python
    one said another (its schema kept; a multipart or form body is an object either way)."""
    media = TS_MEDIA.get((verb, re.sub(r"\{[^}]+\}", "{}", path)))
    body = op.get("requestBody")
    if not media or not body:
        return
    (current, content), = body["content"].items()
    if current != media:
        if media.startswith("text/") or media == "application/javascript":
            # A text body (SQL, a script): a string, not bytes.
            content = {"schema": {"type": "string"}}
        body["content"] = {media: content}
        op["x-media-type-from"] = "npm"


def reference_name(
    ts: dict[tuple[str, str], list[tuple[str, str]]], verb: str, path: str, py: tuple[str, str]
) -> tuple[str, str]:
    """The reference's (resource, method) for a Python method at `verb path`: the one
    TypeScript method there, or among several (aliases) the one named as in Python, else
    the Python names."""
    found = ts.get((verb, re.sub(r"\{[^}]+\}", "{}", path)), [])
    if len(found) == 1:
        return found[0]
    for candidate in found:
        if candidate == py:
            return candidate
    for candidate in found:
        if candidate[1] == py[1] and candidate[0].split(".")[-1] == py[0].split(".")[-1]:
            return candidate
    return py


# ---------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------


def load_all_types() -> None:
    """Imports every `cloudflare.types` module first. Modules that import each other at
    their end (5.9.0's `cloudflare.types.pipelines`: `source_field` and `struct_field`,
    which fails from a fresh interpreter) are loaded with those trailing imports deferred
    until every module of the circle exists, then their models rebuilt."""
    root = Path(cloudflare.__file__).parent / "types"
    modules = sorted(
        ".".join(("cloudflare", "types", *p.relative_to(root).with_suffix("").parts))
        for p in root.rglob("*.py")
        if p.name != "__init__.py"
    )
    failed = []
    for m in modules:
        try:
            importlib.import_module(m)
        except ImportError:
            failed.append(m)
    if failed:
        load_deferring(failed)


def load_deferring(names: list[str]) -> None:
    """Loads each module with the imports that follow its first class run after all of
    them are loaded (what a working import order would have given)."""
    root = Path(cloudflare.__file__).parent.parent
    packages = []
    for package in sorted({n.rsplit(".", 1)[0] for n in names}):
        if package in sys.modules:
            continue
        init = root.joinpath(*package.split("."), "__init__.py")
        spec = importlib.util.spec_from_file_location(
            package, init, submodule_search_locations=[str(init.parent)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        packages.append((module, spec))
    deferred = []
    for name in names:
        spec = importlib.util.spec_from_file_location(
            name, root.joinpath(*name.split(".")).with_suffix(".py")
        )
        source = Path(spec.origin).read_text()
        tree = ast.parse(source)
        first_class = next(
            (i for i, n in enumerate(tree.body) if isinstance(n, ast.ClassDef)), len(tree.body)
        )
        late = [
            n for n in tree.body[first_class:] if isinstance(n, (ast.Import, ast.ImportFrom))
        ]
        tree.body = [n for n in tree.body if n not in late]
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        deferred.append((module, late, tree))
    # With the trailing imports out, the top ones form no circle: run each once those it
    # needs have run.
    pending = list(deferred)
    while pending:
        left = []
        for entry in pending:
            module, _, tree = entry
            try:
                exec(compile(tree, module.__spec__.origin, "exec"), vars(module))  # noqa: S102
            except ImportError:
                left.append(entry)
        if len(left) == len(pending):
            raise ImportError(f"no working import order for {[m.__name__ for m, _, _ in left]}")
        pending = left
    for module, late, _ in deferred:
        exec(compile(ast.Module(body=late, type_ignores=[]), module.__spec__.origin, "exec"), vars(module))  # noqa: S102
    for module, spec in packages:
        spec.loader.exec_module(module)
    for module, _, _ in deferred:
        for value in list(vars(module).values()):
            if (
                inspect.isclass(value)
                and issubclass(value, pydantic.BaseModel)
                and value.__module__ == module.__name__
            ):
                try:
                    value.model_rebuild(force=True, _types_namespace=vars(module))
                except (TypeError, NameError, pydantic.PydanticUserError):
                    pass  # its schema is read from the annotations, or reported there


def derive(ts_package: Path | None) -> tuple[dict, list[str]]:
    load_all_types()
    ts = ts_names(ts_package) if ts_package else {}
    client = cloudflare.Cloudflare(api_token="derive", base_url="http://127.0.0.1:9")
    schemas = Schemas()
    schemas.components["ResponseInfo"] = {
        "type": "object",
        "properties": {
            "code": {"type": "integer"},
            "message": {"type": "string"},
            "documentation_url": {"type": "string"},
            "source": {"type": "object", "properties": {"pointer": {"type": "string"}}},
        },
        "required": ["code", "message"],
    }
    paths: dict[str, dict] = {}
    problems: list[str] = []
    count = 0
    for resource_path, resource in resources(client):
        for name, fn in methods(resource):
            try:
                ops = operation(fn, resource_path, name, schemas)
            except Problem as e:
                problems.append(f"{resource_path}.{name}: {e}")
                continue
            except Exception as e:  # noqa: BLE001 - reported, with the method named
                problems.append(f"{resource_path}.{name}: {type(e).__name__}: {e}")
                continue
            count += 1
            for path, verb, op in ops:
                if ts:
                    # The reference's names (the TypeScript SDK's), the Python ones kept.
                    resource, method = reference_name(ts, verb, path, (resource_path, name))
                    op["x-python-name"] = f"{resource_path}.{name}"
                    with_ts_media(op, verb, path)
                    op["x-stainless-resource"] = resource
                    op["x-stainless-method"] = method
                    scope = op["operationId"].split(".")[-1] if op["operationId"].count(".") > resource_path.count(".") + 1 else None
                    op["operationId"] = f"{resource}.{method}" + (f".{scope}" if scope else "")
                slot = paths.setdefault(path, {})
                if verb in slot:
                    # An alias of another method (same verb and path): kept as a name of it.
                    slot[verb].setdefault("x-stainless-aliases", []).append(op["operationId"])
                    continue
                slot[verb] = op
    version = cloudflare.__version__
    ts_version = (
        json.loads((ts_package / "package.json").read_text())["version"] if ts_package else None
    )
    derived_from = [{"package": "cloudflare", "registry": "PyPI", "version": version}]
    if ts_version:
        derived_from.append({"package": "cloudflare", "registry": "npm", "version": ts_version})
    doc = {
        "openapi": "3.0.3",
        "info": {
            "title": "Cloudflare API",
            "version": version,
            "description": (
                f"Derived by xtask/derive/derive.py from Cloudflare's Python SDK `cloudflare` "
                f"{version} (PyPI), resource and method names from its TypeScript SDK "
                f"`cloudflare` {ts_version} (npm); both Apache-2.0, Copyright 2026 Cloudflare, "
                "generated by Cloudflare from its description of the API (BSD-3-Clause). "
                "See openapi/PROVENANCE.md."
            ),
            "license": {"name": "BSD-3-Clause"},
            "x-derived-from": derived_from,
        },
        "servers": [{"url": "https://api.cloudflare.com/client/v4"}],
        "security": [{"api_token": []}, {"api_email": [], "api_key": []}, {"user_service_key": []}],
        "paths": paths,
        "components": {
            "schemas": schemas.components,
            "securitySchemes": {
                "api_token": {"type": "http", "scheme": "bearer"},
                "api_email": {"type": "apiKey", "in": "header", "name": "X-Auth-Email"},
                "api_key": {"type": "apiKey", "in": "header", "name": "X-Auth-Key"},
                "user_service_key": {"type": "apiKey", "in": "header", "name": "X-Auth-User-Service-Key"},
            },
        },
    }
    print(f"{count} methods, {sum(len(v) for v in paths.values())} operations, "
          f"{len(schemas.components)} schemas, {len(problems)} problems", file=sys.stderr)
    return doc, problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="where to write the document")
    ap.add_argument(
        "--ts-package",
        type=Path,
        help="the unpacked npm package `cloudflare` (its `package/` directory): the names "
        "Cloudflare's reference gives resources and methods",
    )
    ap.add_argument(
        "--validate",
        action="store_true",
        help="check the output with openapi-spec-validator (OpenAPI 3.0)",
    )
    args = ap.parse_args()
    doc, problems = derive(args.ts_package)
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    Path(args.out).write_text(text)
    if args.validate:
        from openapi_spec_validator import validate

        validate(json.loads(text))
        print("valid OpenAPI 3.0", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
