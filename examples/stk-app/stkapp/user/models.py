import dataclasses
from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import relationship

from stkapp.extensions import Base

roles_users = Table(
    "roles_users",
    Base.metadata,
    Column("user_id", Integer, ForeignKey("user.id"), index=True),
    Column("role_id", Integer, ForeignKey("role.id"), index=True),
)


# eq=False: the attributes are Column objects, not dataclass fields, so the default
# eq=True would make every instance of a model compare equal (and unhashable).
@dataclasses.dataclass(eq=False)
class Role(Base):
    __tablename__ = "role"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), unique=True, nullable=False)
    description = Column(String(255), nullable=True)

    users = relationship("User", secondary=roles_users, back_populates="roles")


@dataclasses.dataclass(eq=False)
class User(Base):
    __tablename__ = "user"

    id = Column(Integer, primary_key=True)
    email = Column(String(255), unique=True, nullable=False)
    name = Column(String(255), nullable=True)
    password = Column(String(255), nullable=True)
    active = Column(Boolean, default=True, nullable=False)
    fs_uniquifier = Column(String(64), unique=True, nullable=False)
    created_at = Column(DateTime, default=datetime.now, nullable=False)
    last_login_at = Column(DateTime, nullable=True, index=True)

    roles = relationship("Role", secondary=roles_users, back_populates="users", lazy="selectin")


@dataclasses.dataclass(eq=False)
class OAuth(Base):
    __tablename__ = "oauth"
    __table_args__ = (UniqueConstraint("provider", "provider_user_id", name="uq_oauth_provider_user"),)

    id = Column(Integer, primary_key=True)
    provider = Column(String(50), nullable=False)
    provider_user_id = Column(String(256), nullable=False)
    token = Column(JSON, nullable=True)
    user_id = Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), index=True, nullable=False)
    created_at = Column(DateTime, default=datetime.now, nullable=False)

    user = relationship("User", lazy="selectin")
