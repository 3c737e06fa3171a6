"""Views on hidden tabs put their work off until they are shown (start-up, big projects)."""

from __future__ import annotations


class RefreshWhenShown:
    """Mixin for a QWidget with refresh(): refresh now if visible, else when next shown."""

    _stale = False

    def request_refresh(self) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            self._stale = False
            self.refresh()  # type: ignore[attr-defined]
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self._stale = False
            self.refresh()  # type: ignore[attr-defined]
