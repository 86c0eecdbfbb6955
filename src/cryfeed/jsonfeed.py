"""JSON Feed 1.1 as Pydantic models, serialized to deterministic bytes."""

from __future__ import annotations

import json
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

JSON_FEED_VERSION: Final = "https://jsonfeed.org/version/1.1"


class _Model(BaseModel):
    # Field order is the key order of the output, so the bytes stay stable.
    model_config = ConfigDict(frozen=True, extra="forbid")


class JsonFeedAuthor(_Model):
    name: str
    url: str | None = None


class JsonFeedItem(_Model):
    id: str
    url: str
    title: str
    content_html: str
    summary: str
    date_published: str
    tags: list[str]


class JsonFeed(_Model):
    version: Literal["https://jsonfeed.org/version/1.1"] = JSON_FEED_VERSION
    title: str
    home_page_url: str
    feed_url: str
    description: str
    language: str
    authors: list[JsonFeedAuthor]
    items: list[JsonFeedItem]

    def to_bytes(self) -> bytes:
        """UTF-8 JSON, 2-space indent, trailing newline; unset optional fields left out."""
        data = self.model_dump(mode="json", exclude_none=True)
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
