"""A document read from the cache and not decoded yet.

The cache (:mod:`pingyi.io.plain`) keeps each document of a parsed file as its own bytes.
Reading the cache makes a :class:`Deferred` of each; the workspace's
:class:`~pingyi.workspace.Doc` decodes it the first time its model is read, so a command
decodes only the kinds of documents it reads (``score`` never decodes the commitments).
The checks read every kind once: they :meth:`~Deferred.peek`, decoding without keeping,
the kinds that the year's points do not read, so that a command that does not compute on
them holds none of their models after the checks.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Deferred:
    """A document's model class (one of pingyi's, checked when the cache was read) and its
    encoding; :meth:`load` decodes it once, then keeps the model and lets the bytes go.

    A document of a file that a warm run finds untouched is made from the cache's index
    alone: its bytes stay in the cache (``source``: the cache and the place of the
    document, :meth:`~pingyi.io.cache.FileCache.fetch`) until a command first reads it, so
    that a command reading none of a shard's documents never reads the shard. ``sig`` is
    the digest of the encoding when the index holds it (the documents of a file holding
    several), which spares fetching the bytes only to hash them."""

    __slots__ = ("cls", "data", "_model", "source", "sig")

    def __init__(
        self,
        cls: type[BaseModel],
        data: bytes | None,
        source: tuple[Any, str, str, int] | None = None,
        sig: bytes | None = None,
    ) -> None:
        self.cls = cls
        #: the encoding, until the model is decoded (then None: the model is kept instead)
        self.data: bytes | None = data
        self._model: BaseModel | None = None
        #: where the encoding is to be had while ``data`` is None and nothing is decoded
        self.source = source
        self.sig = sig

    def encoded(self) -> bytes | None:
        """The encoding, fetched from the cache if it was not read yet; None once the
        model is decoded (the model is then what there is)."""
        data = self.data
        if data is None and self._model is None:
            data = self.data = self._fetch()
        return data

    def _fetch(self) -> bytes:
        source = self.source
        if source is None:
            from ..io.plain import Refused

            raise Refused(self.cls.__name__)
        store, shard, key, position = source
        self.source = None
        data: bytes = store.fetch(shard, key, position, self)
        return data

    def load(self) -> BaseModel:
        model = self._model
        if model is None:
            from ..io.plain import load_deferred

            if self.data is None:
                self.data = self._fetch()
            model = self._model = load_deferred(self)
            self.data = None
        return model

    def peek(self) -> BaseModel:
        """The model, decoded afresh and not kept (the bytes stay) unless :meth:`load`
        has kept it already: for a reader that goes through the documents once."""
        model = self._model
        if model is None:
            from ..io.plain import load_deferred

            if self.data is None:
                self.data = self._fetch()
            return load_deferred(self)
        return model

    def __repr__(self) -> str:
        state = "decoded" if self._model is not None else "in the cache" if self.data is None else f"{len(self.data)} bytes"
        return f"Deferred({self.cls.__name__}, {state})"


def model_type(model: Any) -> type:
    """The class of a document's model, whether decoded or :class:`Deferred`."""
    return model.cls if type(model) is Deferred else type(model)


def resolve(model: Any) -> Any:
    """A document's model, decoded if it was :class:`Deferred`."""
    return model.load() if type(model) is Deferred else model
