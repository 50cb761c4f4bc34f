import type { Node } from '../../../parse/python.js';
import { at, pythonRule } from '../types.js';

/** The Quart-side package for a Flask one, or how to do without it. */
function replacement(root: string, appPackage: string | undefined): { module?: string; advice?: string } {
  switch (root) {
    case 'flask':
      return { module: 'quart' };
    case 'flask_security':
      return { module: 'quart_security' };
    case 'flask_cors':
      return { module: 'quart_cors' };
    case 'flask_sqlalchemy':
      return { advice: `drop it: models inherit \`Base\` (\`from ${appPackage ?? '<package>'}.extensions import Base\`), columns come from \`sqlalchemy\`, and requests use \`await g.db_session.execute(...)\`` };
    case 'flask_login':
      return { advice: 'use quart_security instead: `from quart_security import current_user, auth_required`' };
    default:
      return { advice: `use an async Quart equivalent of ${root} (often named quart_${root.slice('flask_'.length)}) or plain async code` };
  }
}

function importedModules(statement: Node): Node[] {
  if (statement.type === 'import_from_statement') {
    const source = statement.childForFieldName('module_name');
    return source?.type === 'dotted_name' ? [source] : [];
  }
  return statement.childrenForFieldName('name').flatMap((item) => {
    const name = item?.type === 'aliased_import' ? item.childForFieldName('name') : item;
    return name ? [name] : [];
  });
}

/** Names that Quart spells differently from Flask: its application class is `Quart`. */
const quartNames: Record<string, string> = { Flask: 'Quart' };

/** An imported name (`Flask`, `Flask as App`) under Quart's spelling, when the import is of `flask` itself. */
function quartName(item: Node, renamed: boolean): string {
  const name = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
  const quart = renamed && name ? quartNames[name.text] : undefined;
  return quart && name ? `${quart}${item.text.slice(name.text.length)}` : item.text;
}

/** The statement with the Flask module swapped for `module`, Flask's names for Quart's, and `jsonify` left out of a `from` import. */
function rewritten(statement: Node, source: Node, module: string): string {
  const root = source.text.split('.')[0]!;
  const target = `${module}${source.text.slice(root.length)}`;
  if (statement.type !== 'import_from_statement') return statement.text.replace(source.text, target);
  const names = statement.childrenForFieldName('name').flatMap((item) => (item && item.text !== 'jsonify' ? [quartName(item, source.text === 'flask')] : []));
  return names.length > 0 ? `from ${target} import ${names.join(', ')}` : '';
}

export const flaskImport = pythonRule({
  id: 'flask-import',
  group: 'quart',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports imports of Flask and its extensions (`flask`, `flask_security`, `flask_sqlalchemy`, any `flask_*`) in the app package.',
    why: 'stk runs on Quart. Flask objects are synchronous: a Flask `request` or `Blueprint` is not the one Quart serves, Flask-SQLAlchemy brings a blocking session, and the code fails at import or at the first request.',
    example: 'from flask import Flask, Blueprint, jsonify, request\nfrom flask_security import auth_required',
    fix: 'from quart import Quart, Blueprint, request\nfrom quart_security import auth_required',
  },
  check({ module, appPackage }) {
    return module.importStatements.flatMap((statement) =>
      importedModules(statement).flatMap((source) => {
        const root = source.text.split('.')[0]!;
        if (root !== 'flask' && !root.startsWith('flask_')) return [];
        const { module: target, advice } = replacement(root, appPackage);
        const line = target ? rewritten(statement, source, target) : '';
        const dropped = target && statement.type === 'import_from_statement' && statement.childrenForFieldName('name').some((item) => item?.text === 'jsonify');
        return [
          {
            ...at(statement),
            message: `\`${root}\` is Flask, which an stk app does not run: Quart serves the requests, so this import fails or gives objects that block the event loop.`,
            help: target
              ? line
                ? `write \`${line}\`${dropped ? ' (and return a dict where the code called jsonify)' : ''}`
                : 'remove this import, and return a dict where the code called jsonify'
              : advice!,
          },
        ];
      }),
    );
  },
});
