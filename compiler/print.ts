/**
 * The AST re-printed as pcap-filter text with the fewest parentheses that
 * keep its meaning ("and"/"or": equal precedence, left-associative), with
 * every inherited qualifier spelled out. Only keywords, numbers, operators
 * and identifiers the lexer validated appear, so the text is safe inside a
 * C comment.
 */
import { printArith, printQualifiers, type Expr, type IdAtom, type Qualified } from './ast.js';

function needsParens(e: Expr): boolean {
  return e.kind === 'and' || e.kind === 'or';
}

/** An identifier as text; a name outside the plain host-name alphabet is replaced. */
export function idText(id: IdAtom): string {
  switch (id.kind) {
    case 'number':
      return String(id.value);
    case 'ipv4-prefix':
    case 'ipv6-prefix':
      return `${id.text}/${id.len}`;
    case 'ipv4-mask':
      return `${id.text} mask ${id.mask}`;
    case 'name':
      return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id.text) ? id.text : '(name)';
    default:
      return id.text;
  }
}

function qualified(e: Qualified): string {
  const words = [e.q.proto === 'link' ? 'ether' : e.q.proto, e.q.dir, e.q.addr].filter((x) => x !== undefined);
  return [...words, idText(e.id)].join(' ');
}

/** Canonical text of an expression. */
export function canonical(e: Expr): string {
  switch (e.kind) {
    case 'all':
      return '';
    case 'and':
    case 'or': {
      // Long chains are left-deep: walk the left spine without recursion.
      const spine: Expr[] = [];
      let left: Expr = e;
      while (left.kind === 'and' || left.kind === 'or') {
        spine.push(left);
        left = left.left;
      }
      let text = canonical(left);
      for (let i = spine.length - 1; i >= 0; i--) {
        const n = spine[i] as Extract<Expr, { kind: 'and' | 'or' }>;
        text += ` ${n.kind} ${needsParens(n.right) ? `(${canonical(n.right)})` : canonical(n.right)}`;
      }
      return text;
    }
    case 'not':
      return needsParens(e.operand) ? `not (${canonical(e.operand)})` : `not ${canonical(e.operand)}`;
    case 'proto':
      return e.proto === 'link' ? 'ether' : e.proto;
    case 'qualified':
      return qualified(e);
    case 'relation':
      return `${printArith(e.left)} ${e.op} ${printArith(e.right)}`;
    case 'broadcast':
    case 'multicast':
      return `${e.proto ? `${e.proto === 'link' ? 'ether' : e.proto} ` : ''}${e.kind}`;
    case 'less':
    case 'greater':
      return `${e.kind} ${e.value}`;
    case 'byte':
      return `byte ${e.offset} ${e.op} ${e.value}`;
    case 'inbound':
    case 'outbound':
    case 'pppoed':
      return e.kind;
    case 'ifindex':
      return `ifindex ${e.value}`;
    case 'vlan':
      return e.id === undefined ? 'vlan' : `vlan ${e.id}`;
    case 'mpls':
      return e.label === undefined ? 'mpls' : `mpls ${e.label}`;
    case 'pppoes':
      return e.session === undefined ? 'pppoes' : `pppoes ${e.session}`;
    case 'geneve':
      return e.vni === undefined ? 'geneve' : `geneve ${e.vni}`;
    case 'llc':
      return e.subtype === undefined ? 'llc' : /^[A-Za-z]+$/.test(e.subtype) ? `llc ${e.subtype}` : 'llc (subtype)';
    case 'unsupported':
      return '(unsupported)';
  }
}

/** The AST as a fully parenthesised expression with every qualifier explicit (explain, tests). */
export function printAst(e: Expr): string {
  switch (e.kind) {
    case 'all':
      return '<all>';
    case 'and':
    case 'or':
      return `(${printAst(e.left)} ${e.kind} ${printAst(e.right)})`;
    case 'not':
      return `(not ${printAst(e.operand)})`;
    case 'qualified':
      return `[${printQualifiers(e.q)}] ${idText(e.id)}`;
    case 'unsupported':
      return `<unsupported ${e.what}>`;
    default:
      return canonical(e);
  }
}
