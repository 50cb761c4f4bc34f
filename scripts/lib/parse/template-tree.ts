import type { Tree } from 'web-tree-sitter';
import type { LineMap } from '../text/lines.js';
import type { JinjaScan } from './jinja.js';

/**
 * The shapes of a parsed template (see template.ts, which builds them) and helpers over them, apart from
 * the HTML parser so that code reading a template does not load it.
 */

export interface Attribute {
  /** Lower case, as HTML reads it (`:items`, `v-for`, `@click`). */
  name: string;
  /** Undefined for a bare attribute (`disabled`). */
  value: string | undefined;
  /** Offset of the attribute's name. */
  start: number;
  /** Offset of the value's first character (after its quote). */
  valueStart: number;
}

export interface Element {
  name: string;
  /** Offset of `<`. */
  start: number;
  /** Offset just past the start tag. */
  contentStart: number;
  /** Offset just past the end tag (the last content of an element left open). */
  end: number;
  attributes: Attribute[];
  children: Element[];
  parent: Element | undefined;
}

export interface TextRun {
  start: number;
  end: number;
  parent: Element | undefined;
}

export interface Comment {
  /** The comment as written, markers included (`<!-- ... -->`, `{# ... #}`, `// ...`). */
  text: string;
  start: number;
  end: number;
}

export interface Template {
  source: string;
  jinja: JinjaScan;
  /** Every element, in document order. */
  elements: Element[];
  texts: TextRun[];
  /** HTML, Jinja and JavaScript comments, in document order. */
  comments: Comment[];
  /** The `<script>` elements holding JavaScript (not JSON data, not `src=` only). */
  scripts: Element[];
  /** One tree for all script blocks, at their offsets (everything else blank); undefined without scripts. */
  javascript: Tree | undefined;
  lines: LineMap;
}

export function attribute(element: Element, name: string): Attribute | undefined {
  return element.attributes.find((candidate) => candidate.name === name);
}

/** The innermost element whose span holds `offset`, or undefined at the top level. */
export function elementAt(template: Template, offset: number): Element | undefined {
  let found: Element | undefined;
  for (const element of template.elements) {
    if (element.start > offset) break;
    if (offset < element.end) found = element;
  }
  return found;
}
