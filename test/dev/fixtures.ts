import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { code } from './harness.js';

export const shopFixture = join(import.meta.dirname, '..', 'fixtures', 'dev', 'shop');

/** A private copy of the stk-shaped fixture project and a way to remove it. */
export function copyShop(): { root: string; cleanup: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'stk-migrate-shop-'));
  const root = join(parent, 'shop');
  cpSync(shopFixture, root, { recursive: true });
  return { root, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

export const BROKEN_VIEW = 'shop/things/report.py';

/** A view as a model might write it, forgetting the await on `g.db_session.execute` (line 10). */
export const brokenView = code(
  'from quart import Blueprint, g',
  'from sqlalchemy import func, select',
  '',
  'from shop.things.models import Thing',
  '',
  'bp_report = Blueprint("thing_report", __name__)',
  '',
  '@bp_report.route("/api/things/count")',
  'async def count_things():',
  '    result = g.db_session.execute(select(func.count()).select_from(Thing))',
  '    return {"total": result.scalar()}',
);
export const BROKEN_LINE = 10;

/** The same view, fixed. */
export const fixedView = brokenView.replace('result = g.db_session.execute(', 'result = await g.db_session.execute(');
