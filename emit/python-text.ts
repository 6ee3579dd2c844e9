// Small pieces of Python source text: literals, names, and where a line of the .nnspec came from.
// Shared by the PyTorch emitter's sections (emit/pytorch*.ts).
import type { SourceSpan } from "../contracts/ir.js";

/** A float literal Python reads back as the same double (shortest round-trip text, `.0` on integers). */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Python literal`);
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  return String(value);
}

/** A double-quoted Python string literal. */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

const PYTHON_KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for " +
    "from global if import in is lambda nonlocal not or pass raise return try while with yield"
  ).split(" "),
);

/** Attributes every nn.Module has: a layer named like one of them gets a suffix. */
const MODULE_ATTRIBUTES = new Set(
  (
    "T_destination add_module apply bfloat16 buffers call_super_init children cpu cuda double dump_patches " +
    "eval extra_repr float forward get_buffer get_extra_state get_parameter get_submodule half ipu " +
    "load_state_dict modules named_buffers named_children named_modules named_parameters parameters " +
    "register_backward_hook register_buffer register_forward_hook register_forward_pre_hook " +
    "register_full_backward_hook register_load_state_dict_post_hook register_module register_parameter " +
    "requires_grad_ set_extra_state share_memory state_dict to to_empty train training type xpu zero_grad"
  ).split(" "),
);

/** A layer's attribute name on the nn.Module: its .nnspec name, unless Python or nn.Module claims it. */
export function moduleAttribute(layer: string): string {
  return PYTHON_KEYWORDS.has(layer) || MODULE_ATTRIBUTES.has(layer) || layer.startsWith("_") ? `${layer}_layer` : layer;
}

/** A Python function name for a custom activation (`swish`), clear of keywords and the script's own names. */
export function functionName(name: string): string {
  return PYTHON_KEYWORDS.has(name) ? `${name}_activation` : `activation_${name}`;
}

/** Quotes the .nnspec lines the script's comments name: `init-he.nnspec:11  dense h1[10] relu init he`. */
export class SourceLines {
  private readonly lines: string[];

  constructor(
    private readonly name: string,
    text: string | undefined,
  ) {
    this.lines = text === undefined ? [] : text.split(/\r?\n/);
  }

  /** `file:line  text of the line` (its own trailing comment left out), or `file:line` without the text. */
  cite(at: SourceSpan | undefined): string | undefined {
    if (!at) return undefined;
    const text = this.lines[at.line - 1];
    const code = text === undefined ? "" : withoutComment(text).trim().replace(/\s+/g, " ");
    return code ? `${this.name}:${at.line}  ${code}` : `${this.name}:${at.line}`;
  }

  /** A comment line (with the given indent) naming the spec's line, or nothing when it has no span. */
  comment(at: SourceSpan | undefined, indent = ""): string[] {
    const cited = this.cite(at);
    return cited ? [`${indent}# ${cited}`] : [];
  }
}

/** The line without a `#` comment (a `#` inside a double-quoted string is text). */
function withoutComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === "#" && !quoted) return line.slice(0, i);
  }
  return line;
}
