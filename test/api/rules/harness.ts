import { describe, expect, it } from 'vitest';
import { buildAppModel } from '../../../scripts/lib/app/model.js';
import { parseAppFile } from '../../../scripts/lib/app/read.js';
import { apiRuleContext, runApiRules } from '../../../scripts/lib/api/rules/context.js';
import type { Finding } from '../../../scripts/lib/findings/schema.js';
import { parsePython } from '../../../scripts/lib/parse/python.js';
import type { RuleConfig } from '../../../scripts/lib/rules/config.js';

/** The file every case checks, unless a case names others. */
export const VIEWS = 'shop/things/views.py';

const header = [
  'import logging',
  '',
  'from quart import Blueprint, Response, g, request',
  'from sqlalchemy import func, select',
  '',
  'from shop.security import auth_required, current_user, roles_required',
  'from shop.things.models import Activity, Thing',
  '',
  'log = logging.getLogger(__name__)',
  '',
  'bp = Blueprint("things", __name__)',
];

const blueprintAuth = ['', '', '@bp.before_request', '@auth_required("session")', '@roles_required("admin")', 'async def before_request():', '    pass'];

/** A views module in stk's shape (blueprint `bp` with blueprint-level auth unless `auth: false`) followed by `body`. */
export function views(body: string, options: { auth?: boolean } = {}): string {
  return [...header, ...(options.auth === false ? [] : blueprintAuth), '', '', body.trim(), ''].join('\n');
}

/** 1-based line of the `nth` line holding `snippet`. */
export function lineOf(source: string, snippet: string, nth = 1): number {
  let seen = 0;
  for (const [index, line] of source.split('\n').entries()) if (line.includes(snippet) && ++seen === nth) return index + 1;
  throw new Error(`snippet not found: ${snippet}`);
}

/** Runs the API catalogue on `files[file]`, with the app model of all `files` (path -> source). */
export async function check(files: Record<string, string>, file = VIEWS, config: RuleConfig = {}): Promise<Finding[]> {
  const app = buildAppModel(await Promise.all(Object.entries(files).map(([path, source]) => parseAppFile(source, path))));
  const tree = await parsePython(files[file]!);
  try {
    return runApiRules(apiRuleContext({ file, root: tree.rootNode, app }), config);
  } finally {
    tree.delete();
  }
}

export interface Case {
  name: string;
  /** The views module (VIEWS), or several files. */
  code: string | Record<string, string>;
}

export interface InvalidCase extends Case {
  /** Lines the rule must report, in order. */
  lines: number[];
  /** A substring every message must contain. */
  message?: string;
}

function filesOf(item: Case): Record<string, string> {
  return typeof item.code === 'string' ? { [VIEWS]: item.code } : item.code;
}

/** ESLint's RuleTester for the API catalogue: valid cases report nothing of the rule, invalid ones exactly these lines. */
export function ruleTester(rule: string, cases: { severity: Finding['severity']; valid: Case[]; invalid: InvalidCase[] }): void {
  describe(rule, () => {
    for (const item of cases.valid) {
      it(`valid: ${item.name}`, async () => {
        expect((await check(filesOf(item))).filter((finding) => finding.rule === rule)).toEqual([]);
      });
    }
    for (const item of cases.invalid) {
      it(`invalid: ${item.name}`, async () => {
        const findings = (await check(filesOf(item))).filter((finding) => finding.rule === rule);
        expect(findings.map((finding) => finding.line)).toEqual(item.lines);
        for (const finding of findings) {
          expect(finding.severity).toBe(cases.severity);
          expect(finding.file).toBe(VIEWS);
          expect(finding.help.length).toBeGreaterThan(0);
          if (item.message) expect(finding.message).toContain(item.message);
        }
      });
    }
  });
}
