// A strict well-formedness check for the XML the plot extension writes: balanced tags, one
// root element, quoted unique attributes, only the predefined entities.
export interface XmlElement { name: string; attributes: Record<string, string>; children: XmlElement[]; text: string }

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;

function checkText(text: string, where: number): void {
  const bad = /&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/.exec(text);
  if (bad) throw new Error(`xml: bare '&' at ${where + bad.index}`);
  if (text.includes('<')) throw new Error(`xml: '<' in text at ${where}`);
}

export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const fail = (msg: string): never => { throw new Error(`xml: ${msg} at offset ${i}`); };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const text = src.slice(i, lt < 0 ? src.length : lt);
    checkText(text, i);
    if (text.trim()) {
      if (!stack.length) fail('text outside the root element');
      stack[stack.length - 1].text += text;
    }
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
      continue;
    }
    if (src.startsWith('</', i)) {
      const m = NAME.exec(src.slice(i + 2));
      if (!m) fail('bad closing tag');
      const open = stack.pop();
      if (!open || open.name !== m![0]) fail(`closing </${m![0]}> does not match <${open?.name}>`);
      i += 2 + m![0].length;
      while (/\s/.test(src[i])) i++;
      if (src[i] !== '>') fail('expected >');
      i++;
      continue;
    }
    const m = NAME.exec(src.slice(i + 1));
    if (!m) fail('bad tag name');
    const el: XmlElement = { name: m![0], attributes: {}, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) fail('more than one root element');
    else root = el;
    i += 1 + m![0].length;
    for (;;) {
      const ws = /^\s*/.exec(src.slice(i))![0].length;
      i += ws;
      if (src.startsWith('/>', i)) { i += 2; break; }
      if (src[i] === '>') { i++; stack.push(el); break; }
      if (!ws) fail('attributes must be separated by whitespace');
      const a = /^([A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*"([^"<]*)"/.exec(src.slice(i));
      if (!a) fail(`bad attribute in <${el.name}>`);
      if (a![1] in el.attributes) fail(`duplicate attribute ${a![1]}`);
      checkText(a![2], i);
      el.attributes[a![1]] = a![2];
      i += a![0].length;
    }
  }
  if (stack.length) fail(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) fail('no root element');
  return root!;
}

export function findAll(el: XmlElement, pred: (e: XmlElement) => boolean, out: XmlElement[] = []): XmlElement[] {
  if (pred(el)) out.push(el);
  for (const c of el.children) findAll(c, pred, out);
  return out;
}
