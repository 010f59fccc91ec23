"""Facts files read ahead in a forked child on a cold run, from the first list file this process
reads, while it reads the other list files and facts files; the child then checks the facts it
read, once this process has told it the lists they refer to, while this process checks the rest.

Reading the national site's 6.0 MB of facts (every line and column kept, each entry checked
against the schema) is about 1.2 s of one core, and checking them about 1.0 s; the child takes the
last files of the list, about CHILD_SHARE of the bytes (this process also reads the other list
files, unpickles what the child read and makes its checked facts again from what it sends back).
Its files come back pickled through memory shared with it (workers.Beside). What each file gives
is the same as reading it here: the child runs the same reader on the same bytes, and checks each
fact with check_fact against the seeds, scopes, programs and measures this run read, which are the
site's: this process tells them to the child (tell_lists) before it reads its first facts file.
A child that fails leaves its files to be read, or its facts to be checked, here.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from factsite.load.site import NAME_FIELDS, ListFile, ListReader, facts_files
from factsite.model import Site
from factsite.speed.sent import Sent, check_to_send, received
from factsite.speed.workers import Beside, worker_count
from factsite.verify.fact import Checked

READ_AHEAD_BYTES = 1_000_000  # below this many bytes of facts to read, one process reads them all
CHILD_SHARE = 0.4  # of the bytes: this process also reads the rest and unpickles what the child read


class ReadAhead:
    """The facts files of share, read by a child from the moment it is made; take() gives each one.
    With prove, the child then checks the facts it read against the lists tell_lists gives it;
    proved() gives what it found."""

    def __init__(self, root: Path, share: list[str], build: Callable, read: ListReader, prove: bool = False) -> None:
        self.share, self.given, self.taken, self.telling = set(share), None, {}, None
        files: dict[str, ListFile] = {}
        parent = os.getpid()

        def work() -> dict[str, ListFile]:
            files.update((rel, read(root, rel, "facts", build)) for rel in share)
            return files
        self.beside = Beside(work, partial(_check_files, files, root, parent) if prove else None).__enter__()

    def tell_lists(self, lists: Mapping[str, tuple]) -> None:
        """Give the child the entries this run built of each list file the facts refer to (by their
        key: seeds, scopes, programs, metrics), once, for it to check its facts against. They are
        sent from a thread: the child takes them only once it has read its files (3.2 MB pickled
        for the national site, more than the pipe holds)."""
        if self.telling is None:
            given = {key: lists[key] for key in NAME_FIELDS if key in lists}
            self.telling = threading.Thread(target=self._tell, args=(given,), daemon=True)
            self.telling.start()

    def _tell(self, given: dict[str, tuple]) -> None:
        try:
            self.beside.tell(given)
        except (OSError, ValueError):  # the child has ended (its result says why) or was ended
            pass

    def has(self, rel: str) -> bool:
        return rel in self.share

    def take(self, rel: str) -> ListFile | None:
        """What the child read of rel, or None if it failed (rel is then read here)."""
        if self.given is None:
            try:
                self.given = self.beside.result()
            except Exception:  # noqa: BLE001 — the file is read here again and says what is wrong
                self.given = {}
            if self.beside.then is None:
                self.close()
        self.share.discard(rel)
        listed = self.given.pop(rel, None)
        if listed is not None:
            self.taken[rel] = listed
        return listed

    def proving(self) -> frozenset[int]:
        """The facts the child checks (proved gives them), by object."""
        if self.beside.then is None:
            return frozenset()
        return frozenset(id(fact) for listed in self.taken.values() for fact in listed.built)

    def proved(self, wait: bool = True) -> dict[int, Checked]:
        """What check_fact gave for each fact of the files taken from the child, by fact object;
        {} when the child did not check them (they are then checked here). wait=False: none of
        them is needed (each was found in the memory), so the child is ended without waiting."""
        sent: Mapping[str, list[Sent]] = {}
        if wait and self.beside.then is not None and self.taken:
            if self.telling is None:
                self.tell_lists({})  # never told: it checks nothing, rather than wait for the lists
            self.telling.join()  # without fork, the child's work is done here and needs what it was told
            try:
                sent = self.beside.then_result() or {}
            except Exception:  # noqa: BLE001 — the facts are checked here instead
                sent = {}
        self.close()
        found: dict[int, Checked] = {}
        for rel, listed in self.taken.items():
            if len(sent.get(rel, ())) == len(listed.built):
                found.update((id(fact), received(fact, one)) for fact, one in zip(listed.built, sent[rel]))
        return found

    def close(self) -> None:
        """End the child if its work was not taken (a thread still telling it then stops)."""
        self.beside.__exit__(None, None, None)
        if self.telling is not None:
            self.telling.join()


def checked_here_and_ahead(facts: list, check: Callable[[list], list[Checked]],
                           ahead: ReadAhead | None) -> list[tuple[object, Checked]]:
    """Each fact with what check_fact gives for it: from the child that read it ahead (readahead.py),
    once this process has checked the others; the facts it did not check are checked here too."""
    proving = ahead.proving() if ahead is not None else frozenset()
    results = dict(zip(map(id, here := [f for f in facts if id(f) not in proving]), check(here)))
    if ahead is not None:
        results.update(ahead.proved(wait=len(here) < len(facts)))
    results.update(zip(map(id, rest := [f for f in facts if id(f) not in results]), check(rest)))
    return [(fact, results[id(fact)]) for fact in facts]


def _check_files(files: Mapping[str, ListFile], root: Path, parent: int,
                 told: Callable[[], Mapping[str, tuple]]) -> dict[str, list[Sent]] | None:
    """In the child, once its files are sent: check the facts of each against the lists this process
    tells it, as check_to_send sends them; None (nothing is sent) when the lists are not all there,
    or when the process that made it has ended."""
    prove, found = _prover(root, told()), {}
    if prove is None:
        return None
    for rel, listed in files.items():
        if os.getppid() != parent:
            return None
        found[rel] = [prove(fact) for fact in listed.built]
    return found


def read_ahead(root: Path, build: Callable, read: ListReader, known: Callable[[str], bool],
               least: int | None = None) -> ReadAhead | None:
    """A child reading the last of the facts files that are not known (remembered), never the first
    of them, when there is enough to share, then checking their facts against the lists it is told
    (ReadAhead.tell_lists); else None."""
    unread = [name for name in facts_files(root) if not known(name)]
    share = child_share(root, unread, least)
    return ReadAhead(root, share, build, read, prove=True) if share else None


def _prover(root: Path, lists: Mapping[str, tuple] | None) -> Callable[[object], Sent] | None:
    """check_to_send against a site holding what check_fact reads of one, as load_site makes it of
    these lists (None unless all four were read)."""
    if lists is None or any(key not in lists for key in NAME_FIELDS):
        return None
    named = {key: {getattr(entry, field): entry for entry in lists[key]} for key, field in NAME_FIELDS.items()}
    site = Site(str(root), None, named["seeds"], named["scopes"], named["programs"], named["metrics"], (), {})
    return partial(check_to_send, site)


def child_share(root: Path, unread: list[str], least: int | None = None) -> list[str]:
    """The last of these facts files (in the order they are read; never the first) holding about
    CHILD_SHARE of their bytes, for a child to read; [] when there are fewer than `least` bytes or
    one core."""
    sizes = [_size(root / rel) for rel in unread]
    total = sum(sizes)
    if total < (READ_AHEAD_BYTES if least is None else least) or len(unread) < 2 or worker_count(2, per_process=1) < 2:
        return []
    share, taken = [], 0
    for rel, size in zip(reversed(unread), reversed(sizes)):
        if taken + size > total * CHILD_SHARE and share:
            break
        share.append(rel)
        taken += size
    return share[::-1] if len(share) < len(unread) else share[:-1][::-1]  # the first is read here


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
