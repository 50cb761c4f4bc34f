import { Parser as HtmlParser } from 'htmlparser2';
import { LineMap } from '../text/lines.js';
import { parseJavaScript, type Node, type Tree } from './javascript.js';
import { scanJinja } from './jinja.js';
import { attribute, type Attribute, type Comment, type Element, type Template, type TextRun } from './template-tree.js';

export { attribute, elementAt, type Attribute, type Comment, type Element, type Template, type TextRun } from './template-tree.js';

/**
 * A Jinja template that holds HTML and Vue: Jinja's constructs found first (and blanked), then the HTML
 * read by htmlparser2, then every `<script>` of JavaScript parsed by tree-sitter. Offsets are the
 * template's own throughout: one JavaScript tree covers every script block at its place in the file.
 *
 * htmlparser2 rather than a spec tree builder (parse5): a template is not a document. It keeps elements
 * where the file has them (no implied html/head/body, no foster-parenting out of tables) with exact
 * offsets, which is what locating a finding and asking "is this inside the Vue mount element" need.
 */

const javascriptTypes = new Set(['', 'text/javascript', 'application/javascript', 'module']);

function isJavaScript(element: Element): boolean {
  return element.name === 'script' && javascriptTypes.has((attribute(element, 'type')?.value ?? '').trim().toLowerCase());
}

/** The HTML structure of the blanked template: elements with their attributes and offsets, text runs, comments. */
function readHtml(masked: string, source: string): Pick<Template, 'elements' | 'texts' | 'comments'> {
  const elements: Element[] = [];
  const texts: TextRun[] = [];
  const comments: Comment[] = [];
  const open: Element[] = [];
  let pending: Attribute[] = [];
  const parser: HtmlParser = new HtmlParser(
    {
      onattribute(name, value, quote) {
        // decodeEntities is off, so the value is the raw text that ends at the closing quote (or at endIndex unquoted)
        const valueEnd = quote ? parser.endIndex - 1 : parser.endIndex;
        pending.push({ name, value: quote === undefined ? undefined : value, start: parser.startIndex, valueStart: valueEnd - value.length });
      },
      onopentag(name) {
        const element: Element = { name, start: parser.startIndex, contentStart: parser.endIndex + 1, end: parser.endIndex + 1, attributes: pending, children: [], parent: open.at(-1) };
        pending = [];
        element.parent?.children.push(element);
        elements.push(element);
        open.push(element);
      },
      onclosetag() {
        const element = open.pop();
        if (element) element.end = Math.max(element.contentStart, parser.endIndex + 1);
      },
      ontext() {
        texts.push({ start: parser.startIndex, end: parser.endIndex + 1, parent: open.at(-1) });
      },
      oncomment() {
        comments.push({ text: source.slice(parser.startIndex, parser.endIndex + 1), start: parser.startIndex, end: parser.endIndex + 1 });
      },
    },
    { decodeEntities: false, lowerCaseAttributeNames: true, lowerCaseTags: true },
  );
  parser.end(masked);
  for (const element of open) element.end = masked.length;
  return { elements, texts, comments };
}

/** Where a script element's content ends: the `<` of its end tag. */
function contentEnd(masked: string, element: Element): number {
  const close = masked.lastIndexOf('</', element.end - 1);
  return close >= element.contentStart ? close : element.end;
}

/**
 * The template's script blocks as one JavaScript text of the template's length: code where the scripts
 * are, spaces and newlines elsewhere, and a `;` where each script ends so that two blocks never run together.
 */
function scriptText(masked: string, scripts: Element[]): string {
  const chars: string[] = masked.split('').map((char) => (char === '\n' || char === '\r' ? char : ' '));
  for (const script of scripts) {
    const end = contentEnd(masked, script);
    for (let index = script.contentStart; index < end; index += 1) chars[index] = masked[index]!;
    if (end < chars.length) chars[end] = ';';
  }
  return chars.join('');
}

function javascriptComments(tree: Tree): Comment[] {
  return tree.rootNode.descendantsOfType('comment').flatMap((node: Node | null) => {
    if (!node) return [];
    // a block comment's text goes to the suppression reader as a line comment's would
    const text = node.text.startsWith('/*') ? `//${node.text.slice(2, -2)}` : node.text;
    return [{ text, start: node.startIndex, end: node.endIndex }];
  });
}

export async function parseTemplate(source: string): Promise<Template> {
  const jinja = scanJinja(source);
  const html = readHtml(jinja.masked, source);
  const scripts = html.elements.filter((element) => isJavaScript(element) && contentEnd(jinja.masked, element) > element.contentStart);
  const javascript = scripts.length > 0 ? await parseJavaScript(scriptText(jinja.masked, scripts)) : undefined;
  const jinjaComments = jinja.tokens.filter((token) => token.kind === 'comment').map((token) => ({ text: source.slice(token.start, token.end), start: token.start, end: token.end }));
  const comments = [...html.comments, ...jinjaComments, ...(javascript ? javascriptComments(javascript) : [])].sort((a, b) => a.start - b.start);
  return { source, jinja, ...html, comments, scripts, javascript, lines: new LineMap(source) };
}
