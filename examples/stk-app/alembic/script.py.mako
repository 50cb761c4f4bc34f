<%!
    def q(value):
        return '"%s"' % value if isinstance(value, str) else repr(value)
%>"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
# revision identifiers, used by Alembic.
revision = ${q(up_revision)}
down_revision = ${q(down_revision)}
branch_labels = ${q(branch_labels)}
depends_on = ${q(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
