// Parses the OData v4 `$filter` subset the LN simulator understands into a small syntax tree.
// Comparisons, and/or/not, parentheses, property paths, functions, and string/bool/number/datetime/enum/null literals.

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterLiteral =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null'; value: null }
  | { type: 'datetime'; value: Date }
  | { type: 'enum'; enumType: string; value: string };

export type FilterNode =
  | { kind: 'literal'; literal: FilterLiteral }
  | { kind: 'property'; path: string[] }
  | { kind: 'call'; name: string; args: FilterNode[] }
  | { kind: 'compare'; op: CompareOp; left: FilterNode; right: FilterNode }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode };

export class FilterSyntaxError extends Error {}

type Token =
  | { t: 'open' | 'close' | 'comma'; pos: number }
  | { t: 'word'; text: string; pos: number }
  | { t: 'literal'; literal: FilterLiteral; pos: number };

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_./]*/;

/** Reads a quoted literal starting at `text[start] === "'"`; returns its value and the index after it. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf("'", i);
    if (quote < 0) throw new FilterSyntaxError(`unterminated string literal at ${start}`);
    value += text.slice(i, quote);
    if (text[quote + 1] === "'") {
      value += "'";
      i = quote + 2;
    } else {
      return { value, end: quote + 1 };
    }
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const rest = text.slice(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: ch === '(' ? 'open' : ch === ')' ? 'close' : 'comma', pos: i });
      i++;
    } else if (ch === "'") {
      const { value, end } = readQuoted(text, i);
      tokens.push({ t: 'literal', literal: { type: 'string', value }, pos: i });
      i = end;
    } else if (DATETIME.test(rest)) {
      const match = (DATETIME.exec(rest) as RegExpExecArray)[0];
      const date = new Date(match);
      if (Number.isNaN(date.getTime())) throw new FilterSyntaxError(`invalid date-time ${match}`);
      tokens.push({ t: 'literal', literal: { type: 'datetime', value: date }, pos: i });
      i += match.length;
    } else if (NUMBER.test(rest)) {
      const match = (NUMBER.exec(rest) as RegExpExecArray)[0];
      tokens.push({ t: 'literal', literal: { type: 'number', value: Number(match) }, pos: i });
      i += match.length;
    } else if (WORD.test(rest)) {
      const word = (WORD.exec(rest) as RegExpExecArray)[0];
      i += word.length;
      if (text[i] === "'") {
        // Enum literal: Namespace.EnumType'Member'
        const { value, end } = readQuoted(text, i);
        tokens.push({ t: 'literal', literal: { type: 'enum', enumType: word, value }, pos: i - word.length });
        i = end;
      } else {
        tokens.push({ t: 'word', text: word, pos: i - word.length });
      }
    } else {
      throw new FilterSyntaxError(`unexpected character '${ch}' at ${i}`);
    }
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    const node = this.or();
    const extra = this.tokens[this.i];
    if (extra) throw new FilterSyntaxError(`unexpected token at ${extra.pos}`);
    return node;
  }

  private peekWord(word: string): boolean {
    const tok = this.tokens[this.i];
    return tok?.t === 'word' && tok.text === word;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.peekWord('or')) {
      this.i++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.comparison();
    while (this.peekWord('and')) {
      this.i++;
      left = { kind: 'and', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): FilterNode {
    const left = this.unary();
    const tok = this.tokens[this.i];
    if (tok?.t === 'word' && COMPARE_OPS.has(tok.text)) {
      this.i++;
      return { kind: 'compare', op: tok.text as CompareOp, left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.peekWord('not')) {
      this.i++;
      return { kind: 'not', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    const tok = this.tokens[this.i++];
    if (!tok) throw new FilterSyntaxError('unexpected end of $filter');
    if (tok.t === 'literal') return { kind: 'literal', literal: tok.literal };
    if (tok.t === 'open') {
      const inner = this.or();
      this.expect('close');
      return inner;
    }
    if (tok.t !== 'word') throw new FilterSyntaxError(`unexpected '${tok.t}' at ${tok.pos}`);
    if (tok.text === 'true' || tok.text === 'false') return { kind: 'literal', literal: { type: 'boolean', value: tok.text === 'true' } };
    if (tok.text === 'null') return { kind: 'literal', literal: { type: 'null', value: null } };
    if (this.tokens[this.i]?.t === 'open') return this.call(tok.text);
    if (['and', 'or', 'not', ...COMPARE_OPS].includes(tok.text)) throw new FilterSyntaxError(`unexpected '${tok.text}' at ${tok.pos}`);
    return { kind: 'property', path: tok.text.split('/') };
  }

  private call(name: string): FilterNode {
    this.expect('open');
    const args: FilterNode[] = [];
    if (this.tokens[this.i]?.t !== 'close') {
      args.push(this.or());
      while (this.tokens[this.i]?.t === 'comma') {
        this.i++;
        args.push(this.or());
      }
    }
    this.expect('close');
    return { kind: 'call', name, args };
  }

  private expect(t: 'open' | 'close'): void {
    const tok = this.tokens[this.i++];
    if (tok?.t !== t) throw new FilterSyntaxError(`expected '${t === 'open' ? '(' : ')'}'${tok ? ` at ${tok.pos}` : ' at end'}`);
  }
}

export function parseFilter(text: string): FilterNode {
  return new Parser(tokenize(text)).parse();
}
