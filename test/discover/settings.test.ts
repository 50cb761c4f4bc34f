import { describe, expect, it } from 'vitest';
import { readEnvPy } from '../../scripts/lib/discover/env-py.js';
import { evaluateRecipe, recipeVariables } from '../../scripts/lib/discover/recipe.js';
import { readSettingsUrls } from '../../scripts/lib/discover/settings.js';
import { discoverIn } from '../helpers/discover.js';
import { isolateParseCache, useTempDirs, writeFiles } from '../helpers/temp.js';

isolateParseCache();
const tempDir = useTempDirs();

/** The value each SQLALCHEMY_DATABASE_URI of `source` has in `env`, as where=value (or where!reason). */
async function values(source: string, env: Record<string, string> = {}, file = '/srv/app/pkg/settings.py'): Promise<string[]> {
  const urls = await readSettingsUrls(source, file);
  return urls.map((url) => {
    const value = evaluateRecipe(url.recipe, (name) => env[name]);
    return 'value' in value ? `${url.where}=${value.value}` : `${url.where}!${value.missing}`;
  });
}

describe('SQLALCHEMY_DATABASE_URI read statically from settings modules', () => {
  it("evaluates stk's settings: an environment variable, else a path built from __file__ with pathlib in an f-string", async () => {
    const source = [
      'import os',
      'from pathlib import Path',
      'ROOT = Path(__file__).resolve().parent.parent',
      'INSTANCE_DIR = ROOT / "instance"',
      'DEFAULT_DATABASE_URI = f"sqlite+aiosqlite:///{INSTANCE_DIR / \'stk.db\'}"',
      'class Config:',
      '    SQLALCHEMY_DATABASE_URI = os.environ.get("SQLALCHEMY_DATABASE_URI") or DEFAULT_DATABASE_URI',
    ].join('\n');
    expect(await values(source)).toEqual(['Config=sqlite+aiosqlite:////srv/app/instance/stk.db']);
    expect(await values(source, { SQLALCHEMY_DATABASE_URI: 'postgresql://x/y' })).toEqual(['Config=postgresql://x/y']);
  });

  it("evaluates the Flask tutorial's config: basedir from os.path and 'sqlite:///' + os.path.join(...)", async () => {
    const source = [
      'import os',
      'basedir = os.path.abspath(os.path.dirname(__file__))',
      'class Config(object):',
      "    SQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL') or \\",
      "        'sqlite:///' + os.path.join(basedir, 'app.db')",
    ].join('\n');
    expect(await values(source, {}, '/srv/blog/config.py')).toEqual(['Config=sqlite:////srv/blog/app.db']);
  });

  it('reads app.config assignments, config.update keywords and module-level values', async () => {
    const source = [
      'from flask import Flask',
      'import os',
      'app = Flask(__name__)',
      'app.config["SQLALCHEMY_DATABASE_URI"] = os.getenv("DB_URL", "sqlite:///dev.db")',
      'app.config.update(SQLALCHEMY_DATABASE_URI=os.environ["PROD_DB"])',
      'SQLALCHEMY_DATABASE_URI = "postgresql://localhost/module"',
    ].join('\n');
    expect(await values(source)).toEqual(['module=postgresql://localhost/module', 'app.config=sqlite:///dev.db', 'app.config!PROD_DB is not set']);
  });

  it('names what it cannot evaluate, and every variable the URL is read from', async () => {
    const urls = await readSettingsUrls('import os\nfrom .secrets import build\nSQLALCHEMY_DATABASE_URI = os.environ.get("A") or build(os.environ.get("B"))\n', '/x/settings.py');
    expect(recipeVariables(urls[0]!.recipe)).toEqual(['A']);
    expect(evaluateRecipe(urls[0]!.recipe, () => undefined)).toEqual({ missing: 'it is computed by `build(os.environ.get("B"))`, which stk-migrate does not evaluate' });
  });
});

describe('the URL a project uses, from its settings', () => {
  const envPy = 'from alembic import context\nfrom shop.settings import Config\nurl = Config.SQLALCHEMY_DATABASE_URI\n';

  it('says "no database configured" with the reason when the settings read an unset variable', async () => {
    const root = writeFiles(tempDir('unset'), {
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': envPy,
      'shop/__init__.py': '',
      'shop/settings.py': 'import os\nclass Config:\n    SQLALCHEMY_DATABASE_URI = os.environ["SHOP_DB"]\n',
    });
    const project = await discoverIn(root);
    expect(project.database).toBeUndefined();
    expect(project.noDatabaseReason).toBe(
      'no database configured: shop/settings.py:3 (Config) sets SQLALCHEMY_DATABASE_URI, but SHOP_DB is not set; alembic.ini has no sqlalchemy.url (nor SQLALCHEMY_DATABASE_URI in the environment or .env)',
    );
    expect((await discoverIn(root, { env: { SHOP_DB: 'sqlite:///shop.db' } })).database).toMatchObject({ url: 'sqlite:///shop.db', source: 'shop/settings.py:3 (Config)' });
    writeFiles(root, { '.env': 'SHOP_DB=sqlite:///from-dotenv.db\n' });
    expect((await discoverIn(root)).database).toMatchObject({ url: 'sqlite:///from-dotenv.db' });
  });

  it('does not guess between config classes with different URLs (test configs aside)', async () => {
    const root = writeFiles(tempDir('several'), {
      'alembic.ini': '[alembic]\nscript_location = alembic\nsqlalchemy.url = driver://user:pass@localhost/dbname\n',
      'alembic/env.py': envPy,
      'shop/__init__.py': '',
      'shop/settings.py': 'class Dev:\n    SQLALCHEMY_DATABASE_URI = "sqlite:///dev.db"\nclass Prod:\n    SQLALCHEMY_DATABASE_URI = "postgresql://db/shop"\nclass TestingConfig:\n    SQLALCHEMY_DATABASE_URI = "sqlite://"\n',
    });
    const project = await discoverIn(root);
    expect(project.database).toBeUndefined();
    expect(project.noDatabaseReason).toMatch(/SQLALCHEMY_DATABASE_URI is set in 2 places \(shop\/settings\.py:2 \(Dev\), shop\/settings\.py:4 \(Prod\)\) and the app picks one when it runs; alembic\.ini's sqlalchemy\.url is a placeholder/);
  });

  it("takes alembic.ini's URL first when env.py reads only alembic.ini, the settings first when env.py reads the app", async () => {
    const files = {
      'alembic.ini': '[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite:///from-ini.db\n',
      'shop/__init__.py': '',
      'shop/settings.py': 'class Config:\n    SQLALCHEMY_DATABASE_URI = "sqlite:///from-settings.db"\n',
    };
    const template = writeFiles(tempDir('template'), { ...files, 'alembic/env.py': 'from alembic import context\nconfig = context.config\nurl = config.get_main_option("sqlalchemy.url")\n' });
    expect((await discoverIn(template)).database).toMatchObject({ url: 'sqlite:///from-ini.db', source: 'alembic.ini' });
    const app = writeFiles(tempDir('app'), { ...files, 'alembic/env.py': envPy });
    expect((await discoverIn(app)).database).toMatchObject({ url: 'sqlite:///from-settings.db', source: 'shop/settings.py:2 (Config)' });
  });
});

describe('env.py read statically', () => {
  it.each([
    ["Alembic's generic template", 'from alembic import context\nfrom sqlalchemy import engine_from_config\nfrom myapp.models import Base\nconfig = context.config\ntarget_metadata = Base.metadata\nengine_from_config(config.get_section(config.config_ini_section))\n', { needsFlaskApp: false, urlFromApp: false, metadataOwners: ['Base'] }],
    ["Flask-Migrate's (current_app)", 'from flask import current_app\nfrom alembic import context\ntarget_db = current_app.extensions["migrate"].db\n', { needsFlaskApp: true, urlFromApp: true, metadataOwners: null }],
    ['one reading the environment', 'import os\nfrom alembic import context\nurl = os.environ["DATABASE_URL"]\n', { needsFlaskApp: false, urlFromApp: true, metadataOwners: null }],
    ['one setting sqlalchemy.url itself', 'from alembic import context\nfrom app.config import settings\ncontext.config.set_main_option("sqlalchemy.url", settings.db)\ntarget_metadata = [A.metadata, B.metadata]\n', { needsFlaskApp: false, urlFromApp: true, metadataOwners: ['A', 'B'] }],
  ])('%s', async (_name, source, expected) => {
    expect(await readEnvPy(source)).toMatchObject(expected);
  });

  it('lists the modules it imports, by their top-level name', async () => {
    expect((await readEnvPy('import os\nfrom alembic import context\nfrom stkapp.extensions import Base\nimport stkapp.models as m\n')).imports).toEqual(['os', 'alembic', 'stkapp']);
  });
});

describe('the CLI of a Flask app', () => {
  it('is `flask db` for an app that uses Flask-Migrate, even with plain alembic.ini in the root', async () => {
    const root = writeFiles(tempDir('flaskcli'), {
      'alembic.ini': '[alembic]\nscript_location = alembic\n',
      'alembic/env.py': '',
      'app.py': 'from flask import Flask\nfrom flask_migrate import Migrate\nfrom flask_sqlalchemy import SQLAlchemy\napp = Flask(__name__)\ndb = SQLAlchemy(app)\nmigrate = Migrate(app, db)\n',
    });
    expect((await discoverIn(root)).cli).toEqual({ kind: 'flask', label: 'flask db' });
  });

  it('is `flask db` for a db group declared on a Flask app, `quart db` on a Quart one', async () => {
    const flask = writeFiles(tempDir('flaskgroup'), {
      'alembic.ini': '[alembic]\n',
      'site/__init__.py': '',
      'site/commands.py': 'from flask.cli import AppGroup\n\ndb = AppGroup("db")\n',
    });
    expect((await discoverIn(flask)).cli.kind).toBe('flask');
    const quart = writeFiles(tempDir('quartgroup'), {
      'alembic.ini': '[alembic]\n',
      'site/__init__.py': 'from quart import Quart\n',
      'site/commands.py': 'import click\n\n@click.group()\ndef db():\n    pass\n',
    });
    expect((await discoverIn(quart)).cli.kind).toBe('quart');
  });
});
