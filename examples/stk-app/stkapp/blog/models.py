import dataclasses
from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declared_attr, relationship

from stkapp.extensions import Base


class PublishableMixin:
    """Adds an indexed `published_at`; a declared_attr so each table gets its own column."""

    @declared_attr
    def published_at(cls):
        return Column(DateTime, nullable=True, index=True)

    @property
    def is_published(self):
        return self.published_at is not None and self.published_at <= datetime.now()


@dataclasses.dataclass(eq=False)
class Post(PublishableMixin, Base):
    __tablename__ = "post"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("user.id"), index=True)
    title = Column(String(255), nullable=False)
    status = Column(String(20), nullable=False, default="draft", server_default="draft")
    body = Column(Text, nullable=True)
    meta = Column(JSON, nullable=True)
    created_at = Column(DateTime, default=datetime.now, nullable=False)

    author = relationship("User", lazy="selectin")
