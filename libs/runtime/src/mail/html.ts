const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every user-supplied string goes through this before it is put in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

export function htmlDocument(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family: -apple-system, Segoe UI, Helvetica, Arial, sans-serif; font-size: 14px; color: #1f2328;">',
    body,
    '</body></html>',
  ].join('\n');
}

/** A two-column table of label → value; values are escaped here. */
export function htmlFieldTable(fields: ReadonlyArray<readonly [string, string]>): string {
  const rows = fields.map(
    ([label, value]) =>
      `<tr><th align="left" style="padding: 2px 12px 2px 0; vertical-align: top; color: #59636e;">${escapeHtml(label)}</th>` +
      `<td style="padding: 2px 0; font-family: ui-monospace, Menlo, monospace; white-space: pre-wrap;">${escapeHtml(value)}</td></tr>`,
  );
  return `<table cellspacing="0" cellpadding="0">\n${rows.join('\n')}\n</table>`;
}
