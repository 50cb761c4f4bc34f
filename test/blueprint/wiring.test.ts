import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../scripts/lib/edit/text.js';
import { navigationEdit, type Navigation } from '../../scripts/lib/blueprint/navigation.js';
import { registrationChange } from '../../scripts/lib/blueprint/registration.js';

const entry = { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' };

/** A Navigation for a source (the edit parses the source itself). */
function navigationOf(source: string): Navigation {
  return { file: 'static/js/navigation.js', variable: 'navigation', line: 1, entries: [], array: { start: 0, end: 0 }, source };
}

async function append(source: string): Promise<string> {
  return applyEdits(source, [await navigationEdit(navigationOf(source), entry)]);
}

describe('the sidebar entry, inserted where parsing finds the array', () => {
  it('follows one-line entries, with or without a trailing comma', async () => {
    expect(await append("const navigation = [\n  { title: 'Users', icon: 'ti ti-users', to: '/users/' },\n];\n")).toBe(
      "const navigation = [\n  { title: 'Users', icon: 'ti ti-users', to: '/users/' },\n  { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },\n];\n",
    );
    expect(await append('const navigation = [{title: "Users", icon: "ti ti-users", to: "/users/"}];\n')).toBe(
      'const navigation = [{title: "Users", icon: "ti ti-users", to: "/users/"},\n{title: "Invoice lines", icon: "ti ti-list", to: "/invoice_lines/"}];\n',
    );
  });

  it("follows stk's multi-line entries under another variable name, after headings and groups", async () => {
    const stk = "const stkNavigation = [\n  {\n    heading: 'Main'\n  },\n  {\n    title: 'Users',\n    icon: 'ti ti-users',\n    to: '/users'\n  }\n];\n";
    expect(await append(stk)).toBe(`${stk.slice(0, stk.lastIndexOf('\n]'))},\n  {\n    title: 'Invoice lines',\n    icon: 'ti ti-list',\n    to: '/invoice_lines/'\n  }\n];\n`);
  });

  it('fills an empty array, and refuses a script that does not parse', async () => {
    expect(await append('window.navigation = [];\n')).toBe("window.navigation = [\n  { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },\n];\n");
    await expect(append('const navigation = [ { title: ];\n')).rejects.toThrow(/static\/js\/navigation\.js:1: invalid JavaScript syntax/);
  });
});

describe('the registration, inserted where parsing finds the calls', () => {
  const site = { file: 'shop/app.py', function: 'register_blueprints', lines: [9, 10] };

  it('goes after the last registration, before a trailing return, with the import merged in its isort place', async () => {
    const source = 'from quart import Quart\n\nfrom shop.public.views import public\nfrom shop.user.views import bp_user\n\n\ndef register_blueprints(app) -> None:\n    """Every blueprint."""\n    app.register_blueprint(bp_user)\n    app.register_blueprint(public)\n    return None\n';
    expect(await registrationChange(source, site, 'shop.invoice_line.views', 'bp_invoice_line', 'shop')).toBe(
      'from quart import Quart\n\nfrom shop.invoice_line.views import bp_invoice_line\nfrom shop.public.views import public\nfrom shop.user.views import bp_user\n\n\ndef register_blueprints(app) -> None:\n    """Every blueprint."""\n    app.register_blueprint(bp_user)\n    app.register_blueprint(public)\n    app.register_blueprint(bp_invoice_line)\n    return None\n',
    );
  });

  it('keeps a call spread over several lines whole, and the receiver the file uses', async () => {
    const source = 'from shop.user.views import bp_user\n\n\ndef register_blueprints(application):\n    application.register_blueprint(\n        bp_user,\n        url_prefix="/u",\n    )\n';
    const out = await registrationChange(source, { file: 'shop/app.py', function: 'register_blueprints', lines: [5] }, 'shop.invoice_line.views', 'bp_invoice_line', 'shop');
    expect(out).toContain('        url_prefix="/u",\n    )\n    application.register_blueprint(bp_invoice_line)\n');
    expect(out.startsWith('from shop.invoice_line.views import bp_invoice_line\nfrom shop.user.views import bp_user\n')).toBe(true);
  });
});
