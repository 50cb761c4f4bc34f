import dataclasses
from datetime import datetime

from quart import g
from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import relationship

from stkapp.extensions import Base
from stkapp.security import UserMixin

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

    users = relationship("User", secondary=roles_users, back_populates="roles", lazy="selectin")

    def to_dict(self):
        return {"id": self.id, "name": self.name, "description": self.description}

    async def from_dict(self, data):
        self.name = data.get("name", self.name)
        self.description = data.get("description", self.description)
        return self


@dataclasses.dataclass(eq=False)
class User(Base, UserMixin):
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

    def to_dict(self):
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "active": self.active,
            "roles": [role.to_dict() for role in self.roles],
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }

    async def from_dict(self, data):
        self.email = data.get("email", self.email)
        self.name = data.get("name", self.name)
        self.active = data.get("active", self.active)
        return self


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


@dataclasses.dataclass(eq=False)
class Activity(Base):
    """The audit log: one row per change made through the admin API."""

    __tablename__ = "activity"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("user.id"), index=True)
    action = Column(String(100), nullable=False)
    data = Column(JSON, nullable=True)
    created_at = Column(DateTime, default=datetime.now, nullable=False)

    @classmethod
    async def register(cls, user_id, action, data=None):
        """Adds an entry to the request's session; the caller's commit writes it with the change it logs."""
        activity = cls(user_id=user_id, action=action, data=data)
        g.db_session.add(activity)
        return activity
