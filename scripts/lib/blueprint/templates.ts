import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppRoute } from '../app/model.js';
import type { Project } from '../discover/types.js';
import { callParts, lastName, literal, parsePython } from '../parse/python.js';

/** A template a handler renders: `render_template("cms/posts.html")`. */
export interface RenderedTemplate {
  /** As the call names it, relative to the templates folder. */
  name: string;
  /** The file, relative to the project root (`<package>/templates/<name>`). */
  file: string;
  exists: boolean;
  /** The call's place, in the handler's file. */
  line: number;
  column: number;
}

/** The templates (literal names) each of `routes`' handlers renders, read from their files with tree-sitter. */
export async function renderedTemplates(project: Project, routes: readonly AppRoute[]): Promise<Map<AppRoute, RenderedTemplate[]>> {
  const found = new Map<AppRoute, RenderedTemplate[]>();
  const byFile = new Map<string, AppRoute[]>();
  for (const route of routes) byFile.set(route.file, [...(byFile.get(route.file) ?? []), route]);
  const templates = project.appPackage ? `${project.appPackage}/templates` : 'templates';
  for (const [file, inFile] of byFile) {
    const tree = await parsePython(readFileSync(join(project.root, file), 'utf8'));
    try {
      const definitions = tree.rootNode.descendantsOfType('function_definition');
      for (const route of inFile) {
        const definition = definitions.find((node) => node?.childForFieldName('name')?.text === route.handler && node.startPosition.row + 1 === route.functionLine);
        const calls = definition?.descendantsOfType('call') ?? [];
        found.set(
          route,
          calls.flatMap((call): RenderedTemplate[] => {
            if (!call || lastName(callParts(call).callee) !== 'render_template') return [];
            const name = literal(callParts(call).positional[0]);
            if (typeof name !== 'string') return [];
            const path = `${templates}/${name}`;
            return [{ name, file: path, exists: existsSync(join(project.root, path)), line: call.startPosition.row + 1, column: call.startPosition.column + 1 }];
          }),
        );
      }
    } finally {
      tree.delete();
    }
  }
  return found;
}
