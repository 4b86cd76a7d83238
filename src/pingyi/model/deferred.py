"""A document read from the cache and not decoded yet.

The cache (:mod:`pingyi.io.plain`) keeps each document of a parsed file as its own bytes.
Reading the cache makes a :class:`Deferred` of each; the workspace's
:class:`~pingyi.workspace.Doc` decodes it the first time its model is read, so a command
decodes only the kinds of documents it reads (``score`` never decodes the commitments).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Deferred:
    """A document's model class (one of pingyi's, checked when the cache was read) and its
    encoding; :meth:`load` decodes it."""

    __slots__ = ("cls", "data")

    def __init__(self, cls: type[BaseModel], data: bytes) -> None:
        self.cls = cls
        self.data = data

    def load(self) -> BaseModel:
        from ..io.plain import load_deferred

        return load_deferred(self)

    def __repr__(self) -> str:
        return f"Deferred({self.cls.__name__}, {len(self.data)} bytes)"


def model_type(model: Any) -> type:
    """The class of a document's model, whether decoded or :class:`Deferred`."""
    return model.cls if type(model) is Deferred else type(model)


def resolve(model: Any) -> Any:
    """A document's model, decoded if it was :class:`Deferred`."""
    return model.load() if type(model) is Deferred else model
