"""Stream what a file-writing exporter writes, chunk by chunk, as an HTTP response body.

:func:`quotes.graph.graphml.write_graphml` and
:func:`quotes.graph.exports.write_node_link_json` write to a binary file. :func:`stream_writer`
runs such a writer in its own thread against a
:class:`_Pipe`, a file whose ``write`` puts each chunk on a small bounded queue, and yields
the chunks as they come: the response starts with the first 64 KiB and memory stays bounded
by the queue, however large the graph. If the client goes away, closing the generator tells
the writer to stop (its next write fails) and waits for the thread to end.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterator
from typing import IO

__all__ = ["stream_writer"]

_QUEUE_CHUNKS = 8  # at most this many chunks (about 64 KiB each) wait for the client
_POLL_SECONDS = 0.1
_END = object()


class _Pipe(io.RawIOBase):
    """A write-only binary file that hands each write to a reader through a bounded queue."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: queue.Queue[object] = queue.Queue(_QUEUE_CHUNKS)
        self.cancelled = threading.Event()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self.put(bytes(data))
        return len(data)

    def put(self, item: object) -> None:
        while True:
            if self.cancelled.is_set():
                raise BrokenPipeError("the client closed the connection")
            try:
                self.chunks.put(item, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue


def _run(write: Callable[[IO[bytes]], None], pipe: _Pipe) -> None:
    try:
        write(pipe)  # type: ignore[arg-type]
        pipe.put(_END)
    except BaseException as err:  # handed to the reader, which re-raises it
        if not pipe.cancelled.is_set():
            pipe.put(err)


def stream_writer(write: Callable[[IO[bytes]], None]) -> Iterator[bytes]:
    """The bytes ``write(file)`` writes, in chunks, while it writes them."""
    pipe = _Pipe()
    thread = threading.Thread(target=_run, args=(write, pipe), name="stream-writer", daemon=True)
    thread.start()
    try:
        while (item := pipe.chunks.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            if item:
                yield item
    finally:
        pipe.cancelled.set()
        thread.join()
