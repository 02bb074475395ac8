// Reading exported CSV back in tests, independently of the app's writer.

/** A strict RFC 4180 reader: CRLF line ends, quoted fields with doubled quotes. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; } else if (text[i] === '"') { i += 1; break; } else { field += text[i]; i += 1; }
      }
      if (!(text[i] === ',' || text[i] === '\r' || i === text.length)) throw new Error(`text after a closing quote at ${i}`);
    } else if (c === ',') {
      row.push(field); field = ''; i += 1;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`CR without LF at ${i}`);
      row.push(field); rows.push(row); row = []; field = ''; i += 2;
    } else if (c === '\n') {
      throw new Error(`bare LF at ${i}`);
    } else if (c === '"') {
      throw new Error(`quote inside an unquoted field at ${i}`);
    } else {
      field += c; i += 1;
    }
  }
  if (field !== '' || row.length) throw new Error('last line lacks CRLF');
  return rows;
}

/** What a cell holds for an API value: empty for absent, `'` before a formula-leading character. */
export const cell = (v) => {
  const s = v ?? '';
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

/** The time stamp an export's file name ends with (UTC, no colons). */
export const STAMP = /\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ/.source;
