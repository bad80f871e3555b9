"""Parse the tokens of one side of a step into a syntax tree with source spans. Errors come back
as a value naming the construct and its offset, never as an exception."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache

from mdcheck.latex import ast
from mdcheck.latex.elided import expand_elided_sums
from mdcheck.latex.names import (
    ABS_BARS,
    ACCENTS,
    ADDITIVE_CONSTANT,
    ADDITIVE_CONSTANT_WORDS,
    ARGUMENT_DROPPED,
    BOLD_STYLES,
    CLOSE_DELIMS,
    DOTS,
    ELEMENTWISE_OPS,
    FUNCTION_COMMANDS,
    FUNCTION_LETTERS,
    GREEK,
    IGNORED_COMMANDS,
    MATRIX_ENVIRONMENTS,
    NORM_BARS,
    OPEN_DELIMS,
    OPERATOR_NAMES,
    OTHER_STYLES,
    PLAIN_OPERATOR_WORDS,
    PRODUCT_ARGUMENT,
    PRODUCT_OPS,
    RELATIONS,
    SIZE_MODIFIERS,
    TEXT_COMMANDS,
    TRANSPOSE_MARKS,
    is_upright_acronym,
    name_key,
)
from mdcheck.latex.tokens import Token, tokenize

STYLE_COMMANDS = BOLD_STYLES | OTHER_STYLES | TEXT_COMMANDS | {"\\textsf", "\\mathrm", "\\vec"}


@dataclass(frozen=True)
class ParseResult:
    """A syntax tree, or the reason there is none: `error` and the text offset it points at."""

    node: ast.Node | None
    error: str = ""
    offset: int = -1


# The operator words by their first letter, each list in the order of PLAIN_OPERATOR_WORDS.
_OPERATOR_WORDS_BY_INITIAL: dict[str, tuple[str, ...]] = {
    initial: tuple(w for w in PLAIN_OPERATOR_WORDS if w[0] == initial)
    for initial in dict.fromkeys(w[0] for w in PLAIN_OPERATOR_WORDS)
}
_SKIPPED_COMMANDS = IGNORED_COMMANDS | SIZE_MODIFIERS


class ParseError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@lru_cache(maxsize=4096)
def parse(text: str, *, differentials: bool = True) -> ParseResult:
    """Parse a whole LaTeX math expression (results are shared: the tree is immutable)."""
    return parse_tokens(tokenize(text), differentials=differentials)


@lru_cache(maxsize=8192)
def parse_side(tokens: tuple[Token, ...], *, differentials: bool = True) -> ParseResult:
    """`parse_tokens` of one side of a step, shared like `parse`: the same side is read by several
    stages (the prescan of a document, its walk, the readers of prose)."""
    return parse_tokens(tokens, differentials=differentials)


def parse_tokens(tokens: Sequence[Token], *, differentials: bool = True) -> ParseResult:
    """Parse a token sequence (one side of a step) into a syntax tree."""
    texts = [t.text for t in tokens]
    prepared = tokens
    if not (ARGUMENT_DROPPED.isdisjoint(texts) and ROW_SPACES.isdisjoint(texts)):
        prepared = _spaced_rows(_drop_layout_arguments(tokens))  # most sides have neither
    clean = [t for t in prepared if t.kind != "space" and t.text not in _SKIPPED_COMMANDS]
    if not DOTS.isdisjoint(texts):
        clean = list(expand_elided_sums(clean))
    if not clean:
        return ParseResult(None, "empty expression", tokens[0].start if tokens else 0)
    try:
        parser = _Parser(clean, differentials)
        node = parser.expr()
        if parser.text() == ":" and parser.text(1) not in ("", "="):
            # `G : dX`, `A : B`: the Frobenius inner product of two matrices, `\\langle G, dX \\rangle`
            parser.advance()
            right = parser.expr()
            node = ast.Inner(node.start, right.end, node, right)
        if parser.i < len(clean):
            tok = clean[parser.i]
            raise ParseError(f"unexpected {tok.text}", tok.start)
        return ParseResult(node)
    except ParseError as err:
        return ParseResult(None, err.message, err.offset)
    except RecursionError:
        return ParseResult(None, "expression nested too deeply", clean[0].start)


_FACTOR_START_COMMANDS = (
    {
        "\\frac",
        "\\dfrac",
        "\\tfrac",
        "\\cfrac",
        "\\sqrt",
        "\\left",
        "\\langle",
        "\\nabla",
        "\\sum",
        "\\begin",
        "\\partial",
        "\\vec",
        "\\underbrace",
        "\\overbrace",
        "\\color",
        "\\textcolor",
        "\\pi",
        "\\infty",
        "\\{",
    }
    | BOLD_STYLES
    | OTHER_STYLES
    | TEXT_COMMANDS
    | NORM_BARS
    | {"\\" + g for g in GREEK}
    | {"\\" + a for a in ACCENTS}
    | {"\\" + f for f in FUNCTION_COMMANDS}
    | {"\\lbrack", "\\lparen", "\\lbrace", "\\prod", "\\int", "\\mathbb", "\\mathds"}
    | DOTS
)


# What may follow a name and change it: a prime, a subscript, a superscript, a call's bracket.
_NAME_TAIL_STARTS = frozenset({"'", "_", "^", "(", "\\left"})
# What may follow a factor and change it (`_postfix`): a power, a subscript, a prime.
_POSTFIX_STARTS = frozenset({"^", "_", "'"})


class _Parser:
    def __init__(self, tokens: Sequence[Token], differentials: bool) -> None:
        texts = [t.text for t in tokens]
        if SIZE_MODIFIERS.isdisjoint(texts):
            self.t = list(tokens)
        else:  # also for sub-parsers
            self.t = [t for t in tokens if t.text not in SIZE_MODIFIERS]
            texts = [t.text for t in self.t]
        # The texts of the tokens, kept in step with `t`, and two "" after them (as `text()` gives past
        # the end): the grammar looks at texts far more often than at tokens, and `s[i]`, `s[i + 1]`
        # need no bounds test (`i` never passes the end).
        texts.extend(("", ""))
        self.s = texts
        self.i = 0
        self.differentials = differentials
        self.in_abs = 0
        self.in_call = False  # whether the innermost open bracket holds a function's arguments
        self.given: tuple[int, str] | None = None  # the last bracket's `\\mid y`: items before it, y
        self.in_norm = 0
        self._after_d = False

    # -- token helpers -------------------------------------------------------------------------
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        t = self.t
        return t[j] if j < len(t) else None

    def text(self, k: int = 0) -> str:
        j = self.i + k
        s = self.s
        return s[j] if j < len(s) else ""

    def advance(self) -> Token:
        i = self.i
        t = self.t
        if i >= len(t):
            raise ParseError("expression ends too early", self.end_offset())
        self.i = i + 1
        return t[i]

    def expect(self, text: str) -> Token:
        tok = self.peek()
        if tok is None or tok.text != text:
            where = tok.start if tok is not None else self.end_offset()
            found = tok.text if tok is not None else "the end"
            raise ParseError(f"expected {text} but found {found}", where)
        self.i += 1
        return tok

    def end_offset(self) -> int:
        return self.t[-1].end if self.t else 0

    def here(self) -> int:
        i = self.i
        t = self.t
        return t[i].start if i < len(t) else self.end_offset()

    def last_end(self) -> int:
        return self.t[self.i - 1].end if self.i > 0 else 0

    def split_number(self) -> None:
        """`\\frac12`: an unbraced argument is one character, so a number token is split."""
        tok = self.peek()
        if tok is not None and tok.kind == "number" and len(tok.text) > 1:
            first = Token("number", tok.text[0], tok.start, tok.start + 1)
            rest = Token("number", tok.text[1:], tok.start + 1, tok.end)
            self.t[self.i : self.i + 1] = [first, rest]
            self.s[self.i : self.i + 1] = [first.text, rest.text]

    def braced_tokens(self) -> list[Token]:
        """Consume `{...}` (or a single token) and return the tokens inside."""
        tok = self.advance()
        if tok.text != "{":
            if tok.text in _RELATION_TOKENS:  # `x_=`: a relation sign is never a script by itself
                raise ParseError(f"unexpected {tok.text}", tok.start)
            return [tok]
        depth, start = 1, self.i
        texts = self.s
        for j in range(start, len(self.t)):
            s = texts[j]
            if s == "{":
                depth += 1
            elif s == "}":
                depth -= 1
                if depth == 0:
                    self.i = j + 1
                    return self.t[start:j]
        self.i = len(self.t)
        raise ParseError("unbalanced {", tok.start)

    def sub_parse(self, tokens: list[Token], where: int) -> ast.Node:
        if not tokens:
            raise ParseError("empty group", where)
        sub = _Parser(tokens, self.differentials)
        node = sub.expr()
        if sub.i < len(sub.t):
            raise ParseError(f"unexpected {sub.t[sub.i].text}", sub.t[sub.i].start)
        return node

    # -- grammar -------------------------------------------------------------------------------
    def expr(self) -> ast.Node:
        start = self.here()
        s = self.s
        terms: list[ast.Node] = []
        signs: list[int] = []
        sign = 1
        first = s[self.i]
        if first == "+" or first == "-":
            self.i += 1
            sign = -1 if first == "-" else 1
        terms.append(self.elementwise())
        signs.append(sign)
        while s[self.i] in ("+", "-", "\\pm", "\\mp"):
            op = self.advance()
            if op.text in ("\\pm", "\\mp"):
                raise ParseError(f"{op.text} is not supported", op.start)
            terms.append(self.elementwise())
            signs.append(-1 if op.text == "-" else 1)
        if len(terms) == 1:
            return terms[0] if sign == 1 else ast.Neg(start, terms[0].end, terms[0])
        return ast.Add(start, terms[-1].end, tuple(terms), tuple(signs))

    def elementwise(self) -> ast.Node:
        left = self.product()
        s = self.s
        while s[self.i] in ELEMENTWISE_OPS:
            op = self.advance().text
            right = self.product()
            left = ast.BinOp(left.start, right.end, op, left, right)
        return left

    def product(self) -> ast.Node:
        start = self.here()
        s = self.s
        factors: list[ast.Node] = [self.factor()]
        ops: list[str] = [""]
        while True:
            last = factors[-1]
            if (isinstance(last, ast.Derivative) and last.body is None) or (
                isinstance(last, ast.Sum) and last.end == last.start
            ):  # `takes_body`, written out: this loop runs once per factor
                factors[-1] = self.attach_body(last)
                break
            text = s[self.i]
            if not text:
                break  # the end: nothing more to multiply
            if text in PRODUCT_OPS:
                ops.append(self.advance().text)
                factors.append(self.factor())
            elif self.is_evaluation_bar():
                node = self.finish_product(start, factors, ops)
                return self.evaluation(node)
            elif self.starts_factor():
                ops.append("")
                factors.append(self.factor())
            else:
                break
        return self.finish_product(start, factors, ops)

    def finish_product(self, start: int, factors: list[ast.Node], ops: list[str]) -> ast.Node:
        if len(factors) == 1:
            return factors[0]  # nothing for the rewrites below to join
        factors, ops = _slash_derivatives(factors, ops)
        factors, ops = _row_denominators(factors, ops)
        factors, ops = _extend_differentials(factors, ops)
        if len(factors) == 1:
            return factors[0]
        return ast.Product(start, factors[-1].end, tuple(factors), tuple(ops))

    def takes_body(self, node: ast.Node) -> bool:
        """An operator written before its operand (`\\frac{d}{dx}`, `\\sum_i`) takes the rest of the
        product."""
        return (isinstance(node, ast.Derivative) and node.body is None) or (
            isinstance(node, ast.Sum) and node.end == node.start
        )

    def attach_body(self, node: ast.Node) -> ast.Node:
        if not self.starts_factor():
            raise ParseError("operator without an operand", self.here())
        body = self.product()
        if isinstance(node, ast.Derivative):
            return ast.Derivative(
                node.start, body.end, body, node.wrt, node.transposed, node.partial, node.order
            )
        assert isinstance(node, ast.Sum)
        return ast.Sum(node.start, body.end, body, node.index, node.lower, node.upper)

    def starts_factor(self) -> bool:
        i = self.i
        if i >= len(self.t):
            return False
        tok = self.t[i]
        if tok.kind in ("number", "letter"):
            return True
        if tok.text in ("(", "[", "{"):
            return True
        if tok.text in ABS_BARS:
            if tok.text == "\\mid" and self.in_call:
                return False  # `p(w \\mid y)`: "given", between the arguments of a bracket
            return self.in_abs == 0 and not self.is_evaluation_bar()
        if tok.text in NORM_BARS:
            return self.in_norm == 0
        if tok.text == "\\right":
            return False
        return tok.kind == "command" and tok.text in _FACTOR_START_COMMANDS

    def is_evaluation_bar(self) -> bool:
        i, s = self.i, self.s
        return s[i] in ("|", "\\vert") and s[i + 1] == "_" and self.in_abs == 0

    def evaluation(self, body: ast.Node) -> ast.Node:
        self.advance()  # the bar
        self.advance()  # _
        where = self.here()
        tokens = self.braced_tokens()
        return ast.Evaluated(body.start, self.last_end(), body, self.bindings(tokens, where))

    def bindings(self, tokens: list[Token], where: int) -> tuple[tuple[ast.Name, ast.Node], ...]:
        out: list[tuple[ast.Name, ast.Node]] = []
        for part in _split_top(tokens, ","):
            eq = [k for k, t in enumerate(part) if t.text == "="]
            if len(eq) != 1:
                raise ParseError("evaluation point without a value", part[0].start if part else where)
            name = self.sub_parse(part[: eq[0]], where)
            if not isinstance(name, ast.Name):
                raise ParseError("evaluation point is not a symbol", name.start)
            out.append((name, self.sub_parse(part[eq[0] + 1 :], where)))
        return tuple(out)

    def factor(self) -> ast.Node:
        i = self.i
        if self.s[i] == "-":
            tok = self.t[i]
            self.i = i + 1
            body = self.factor()
            return ast.Neg(tok.start, body.end, body)
        return self.postfix(self.primary())

    # -- postfix: powers, transposes, primes, subscripts ---------------------------------------
    def postfix(self, node: ast.Node) -> ast.Node:
        if self.s[self.i] not in _POSTFIX_STARTS:
            return node  # nothing follows that `_postfix` would take
        original = node
        node = self._postfix(node)
        if isinstance(original, ast.Apply) and node is not original and len(original.args) == 1:
            # `B(X^T X)^{-1}`: the power belongs to the parentheses if `B(...)` is a product,
            # to the value if it is a call.
            group = ast.Group(original.func.end, original.end, original.args[0], "(")
            on_group = _rebase(node, original, group)
            head: ast.Node = original.func
            if original.primes:
                head = ast.Prime(original.func.start, original.func.end, original.func, original.primes)
            product = ast.Product(original.start, node.end, (head, on_group), ("", ""))
            readings: tuple[ast.Node, ...] = (product, node)
            labels = ("product", "call")
            if _function_like(original.func) or original.primes:
                readings, labels = (node, product), ("call", "product")
            return ast.Ambiguous(node.start, node.end, readings, labels)
        return node

    def _postfix(self, node: ast.Node) -> ast.Node:
        s = self.s
        while True:
            text = s[self.i]
            if text == "^":
                node = self.superscript(node)
            elif text == "_" and isinstance(node, ast.Name) and (label := _label_of(node)):
                # `W^\\star_\\lambda`, `\\theta^{(k)}_i`: the name `W_\\lambda^\\star` written the other way
                self.advance()
                spelled = _spell(self.braced_tokens())
                key = name_key(node.base, node.style, node.accent, spelled) + label
                node = ast.Name(node.start, self.last_end(), key, node.base, node.style, node.accent, spelled)
            elif text == "_" and not isinstance(node, ast.Name):
                self.advance()
                where = self.here()
                tokens = self.braced_tokens()
                hat = [t.text for t in tokens] == ["\\times"]
                if hat and isinstance(node, ast.Group) and node.delim == "[":
                    # `[\omega]_\times`: the cross-product (hat) matrix of a 3-vector
                    node = ast.Call(node.start, self.last_end(), "hat", (node.body,))
                    continue
                sub = self.sub_parse(tokens, where)
                node = ast.Sub(node.start, self.last_end(), node, sub)
            elif text == "'":
                count = 0
                while self.text() == "'":
                    self.advance()
                    count += 1
                node = ast.Prime(node.start, self.last_end(), node, count)
            else:
                return node

    def superscript(self, base: ast.Node) -> ast.Node:
        caret = self.advance()
        tokens = self.script_tokens()
        if not tokens:
            raise ParseError("empty superscript", caret.start)
        end = self.last_end()
        label = _label_length(tokens)
        if label and isinstance(base, ast.Name | ast.Diff):
            # `x^{(i)T}`, `W^{(1)-1}`: the label belongs to the name, the rest is a superscript.
            base = _labelled(base, "".join(t.text for t in tokens[:label]), end) or base
            tokens = tokens[label:]
        return self.apply_superscript(base, caret, tokens, end)

    def apply_superscript(self, base: ast.Node, caret: Token, tokens: list[Token], end: int) -> ast.Node:
        spelled = "".join(t.text for t in tokens if t.text not in ("{", "}"))
        if spelled in TRANSPOSE_MARKS:
            return ast.Transpose(base.start, end, base, spelled)
        if spelled in ("\\prime", "'"):
            return ast.Prime(base.start, end, base, 1)
        if spelled.startswith("-") and spelled[1:] in TRANSPOSE_MARKS:
            inv = ast.Power(base.start, end, base, ast.Num(caret.start, end, -1.0, "-1"))
            return ast.Transpose(base.start, end, inv, spelled[1:])
        labelled = (spelled[:1], spelled[-1:]) in (("(", ")"), ("[", "]"))
        # `\\beta^{+}`, `w^+`: the next iterate; `A^+`: a pseudo-inverse. Either is a name of its own,
        # as `A^\\dagger` is, which means what the notes define it to be.
        iterate = spelled == "+" and isinstance(base, ast.Name)
        if spelled in ("*", "\\star", "\\ast", "\\dagger") or labelled or iterate:
            named = _labelled(base, "*" if spelled in ("\\star", "\\ast") else spelled, end)
            if named is not None:
                return named
            raise ParseError(f"superscript {spelled} on an expression", caret.start)
        exp = self.sub_parse(tokens, tokens[0].start)
        power = ast.Power(base.start, end, base, exp)
        if isinstance(base, ast.Diff) and not isinstance(base.body, ast.Power):
            inner = ast.Power(base.body.start, end, base.body, exp)
            alt = ast.Diff(base.start, end, inner, base.order, base.wrt)
            # `dX^{-1}` is almost always d(X^{-1}); (dX)^{-1} is the second reading.
            return ast.Ambiguous(base.start, end, (alt, power), ("d(·^k)", "(d·)^k"))
        return power

    def script_tokens(self) -> list[Token]:
        """The tokens of a sub- or superscript: a braced group, or one token — with the argument
        of a style command (`^\\mathsf{T}`, `^\\rm T`)."""
        if self.text() in STYLE_COMMANDS and self.text(1) == "{":
            command = self.advance()
            return [command, *self.braced_tokens()]
        if self.text() in ("\\rm", "\\sf") and self.peek(1) is not None:
            return [self.advance(), self.advance()]
        return self.braced_tokens()

    # -- primaries -----------------------------------------------------------------------------
    def primary(self) -> ast.Node:
        i = self.i
        if i >= len(self.t):
            raise ParseError("expression ends too early", self.end_offset())
        tok = self.t[i]
        kind = tok.kind
        if kind == "number":
            self.i = i + 1
            return ast.Num(tok.start, tok.end, float(tok.text), tok.text)
        if kind == "letter":
            word = self.plain_operator() if tok.text in _OPERATOR_WORDS_BY_INITIAL else ""
            if word:
                return self.call(word, tok.start)
            if tok.text == "d" and self.differentials and self.differential_follows(1):
                self.advance()
                return self.differential(tok.start)
            self.i = i + 1
            return self.name_tail(tok.text, tok.start, "", "")
        if tok.text in ("(", "[", "\\{", "\\lbrack", "\\lparen", "\\lbrace"):
            return self.group()
        if tok.text == "{":
            where = tok.start
            inner = self.braced_tokens()
            word = _old_style_roman_word(inner)
            if word in OPERATOR_NAMES:
                return self.call(word, where)  # `{\rm tr}(AB)`: the old-style upright operator
            over = _top_level_over(inner)
            if over is not None:
                return self.plain_tex_fraction(where, inner[:over], inner[over + 1 :])
            body = self.sub_parse(inner, where)
            if isinstance(body, ast.Name) and not body.sub and self.text() == "_":
                return self.name_tail(body.base, body.start, body.style, body.accent)  # `{\\bf x}_i`
            if isinstance(body, ast.Name):
                return body  # `{\\bf x}`, `{x}`: braces only group, the name is the value
            return ast.Group(where, self.last_end(), body, "{")
        if tok.text in ABS_BARS:
            return self.bars(ABS_BARS, "abs")
        if tok.text in NORM_BARS:
            return self.bars(NORM_BARS, "norm")
        if tok.kind == "command":
            return self.command()
        raise ParseError(f"unexpected {tok.text}", tok.start)

    def command(self) -> ast.Node:
        tok = self.peek()
        assert tok is not None
        name = tok.text
        bare = name[1:]
        if name in ("\\frac", "\\dfrac", "\\tfrac", "\\cfrac"):
            return self.fraction()
        if name == "\\sqrt":
            return self.sqrt()
        if name == "\\left":
            return self.group()
        if name == "\\langle":
            return self.inner()
        if name == "\\nabla":
            return self.nabla()
        if name == "\\sum":
            return self.summation()
        if name == "\\begin":
            return self.matrix()
        if bare in FUNCTION_COMMANDS:
            self.advance()
            return self.call(bare, tok.start)
        if name in TEXT_COMMANDS:
            return self.text_command()
        if name in BOLD_STYLES or name == "\\vec" or name in OTHER_STYLES or name in ("\\mathds",):
            return self.styled()
        if bare in ACCENTS:
            return self.accented()
        if name == "\\Delta" and self.increment_follows():
            return self.increment()
        if bare in GREEK or name in ("\\pi",):
            self.advance()
            return self.name_tail(name, tok.start, "", "")
        if name in ("\\underbrace", "\\overbrace"):
            self.advance()
            where = self.here()
            body = self.sub_parse(self.braced_tokens(), where)
            if self.text() in ("_", "^"):
                self.advance()
                self.braced_tokens()
            return ast.Group(tok.start, self.last_end(), body, "{")
        if name in ("\\color", "\\textcolor"):
            self.advance()
            self.braced_tokens()
            where = self.here()
            body = self.sub_parse(self.braced_tokens(), where)
            return ast.Group(tok.start, self.last_end(), body, "{")
        if name in DOTS:
            raise ParseError(f"{name} (an elided list) cannot be checked", tok.start)
        if name == "\\partial":
            self.advance()
            if not self.starts_factor():
                raise ParseError("\\partial without an operand", tok.start)
            target = self.primary()
            return ast.Diff(tok.start, target.end, target, 1, (), True)
        raise ParseError(f"cannot parse {name}", tok.start)

    def increment_follows(self) -> bool:
        """`\\Delta x`, `\\Delta\\theta`, `\\Delta \\mathbf{w}`: a capital Delta right before a letter
        names a step or change of that symbol (the Newton step, a weight update)."""
        nxt = self.peek(1)
        if nxt is None:
            return False
        if nxt.kind == "letter":
            return nxt.text != "d" or not self.differentials
        if nxt.text in BOLD_STYLES:
            inner = self.peek(2)
            if inner is not None and inner.text == "{":
                inner, close = self.peek(3), self.peek(4)
                return inner is not None and close is not None and close.text == "}" and _letter(inner)
            return inner is not None and _letter(inner)
        return nxt.text[1:] in GREEK and nxt.text[1].islower()

    def increment(self) -> ast.Node:
        """`\\Delta x` as one name, read like an accent on `x` (its key is `\\Delta{x}`)."""
        start = self.advance().start
        tok = self.advance()
        if tok.text in BOLD_STYLES:
            inner = self.braced_tokens()
            return self.name_tail(inner[0].text, start, "bold", "Delta")
        return self.name_tail(tok.text, start, "", "Delta")

    def name_tail(self, base: str, start: int, style: str, accent: str) -> ast.Node:
        """After a letter or styled letter: its subscript (part of the name), then a call `f(x)`."""
        i, s = self.i, self.s
        if s[i] not in _NAME_TAIL_STARTS:
            end = self.t[i - 1].end if i > 0 else 0  # a plain name: nothing after it to take
            return ast.Name(start, end, name_key(base, style, accent, ""), base, style, accent, "")
        sub = ""
        primes = 0
        if s[i] == "'" and s[i + 1] == "_":
            sub, primes = self.primed_subscript()
        if s[self.i] == "_":
            self.i += 1
            sub = _spell(self.braced_tokens())
        # A prime before parentheses belongs to a function name: f'(x), f^\\prime(x).
        i = j = self.i
        while step := _prime_length(s, j):
            j += step
        if j > i and s[j] in ("(", "\\left") and self.paren_follows(j - i):
            primes = sum(1 for k in range(i, j) if s[k] in ("'", "\\prime"))
            self.i = j
        name = ast.Name(start, self.last_end(), name_key(base, style, accent, sub), base, style, accent, sub)
        i = self.i
        if s[i] == "(" or (s[i] == "\\left" and s[i + 1] == "("):
            group = self.group(call=True)
            args = group.items if isinstance(group, ast.Tuple) else (_ungroup(group),)
            if self.given is not None:
                # `p(w \\mid y)`: a function of w alone, named with what it is conditioned on, so
                # that `p(y \\mid w)` is another function (densities share the letter p).
                count, given = self.given
                key = f"{name.key}(\\cdot \\mid {given})"
                name = replace(name, key=key, base=f"{name.base}(\\cdot \\mid {given})")
                args = args[:count]
            return ast.Apply(start, group.end, name, args, primes)
        if primes:
            return ast.Prime(start, self.last_end(), name, primes)
        return name

    def primed_subscript(self) -> tuple[str, int]:
        """`f'_j(A_j)`, the prime written before the subscript: the derivative of `f_j`, when
        parentheses follow; otherwise nothing is consumed."""
        saved = self.i
        self.advance()
        self.advance()
        sub = _spell(self.braced_tokens())
        if self.paren_follows(0):
            return sub, 1
        self.i = saved
        return "", 0

    def plain_operator(self) -> str:
        """`tr(AB)`, `det(X)` written in plain letters (PDF conversions): consume the word."""
        words = _OPERATOR_WORDS_BY_INITIAL.get(self.t[self.i].text)
        if words is None:
            return ""
        second = self.text(1)
        for word in words:
            if word[1] != second:
                continue  # letter tokens are one character each: the run cannot spell the word
            n = len(word)
            run = [self.peek(k) for k in range(n)]
            if any(t is None or t.kind != "letter" for t in run):
                continue
            if "".join(t.text for t in run if t) != word:
                continue
            if any(run[k].end != run[k + 1].start for k in range(n - 1)):  # type: ignore[union-attr]
                continue
            before = self.t[self.i - 1] if self.i else None
            if (
                before is not None
                and before.kind == "letter"
                and before.end == run[0].start  # type: ignore[union-attr]
                and not (before.text == "d" and self.differentials and self.i >= 1 and self._after_d)
            ):
                continue
            if self.paren_follows(n):
                self.i += n
                return word
        return ""

    def paren_follows(self, j: int) -> bool:
        return self.text(j) == "(" or (self.text(j) == "\\left" and self.text(j + 1) == "(")

    def differential_follows(self, k: int) -> bool:
        """Whether the token after a `d` can be what the differential applies to."""
        tok = self.peek(k)
        if tok is None:
            return False
        if tok.text in ("^", "_"):
            # d^2 f, d_{W} J: a differential only if something follows the script.
            j = k + 1
            if self.text(j) == "{":
                depth = 0
                while self.peek(j) is not None:
                    depth += (self.text(j) == "{") - (self.text(j) == "}")
                    j += 1
                    if depth == 0:
                        break
            else:
                j += 1
            return self.peek(j) is not None and (
                self.peek(j).kind == "letter"  # type: ignore[union-attr]
                or self.text(j) in ("(", "[", "\\left", "\\frac", "\\tfrac", "\\dfrac")
                or self.text(j) in _FACTOR_START_COMMANDS
            )
        if tok.kind == "letter":
            return True
        return tok.text in ("(", "[", "\\left", "|", "\\|", "{") or (
            tok.kind == "command" and tok.text in _FACTOR_START_COMMANDS and tok.text not in DOTS
        )

    def differential(self, start: int) -> ast.Node:
        order = 1
        wrt: tuple[ast.Name, ...] = ()
        while self.text() in ("^", "_"):
            script = self.advance().text
            where = self.here()
            tokens = self.braced_tokens()
            if script == "^":
                if len(tokens) != 1 or tokens[0].kind != "number":
                    raise ParseError("differential of unknown order", where)
                order = int(float(tokens[0].text))
            else:
                names = [self.sub_parse(part, where) for part in _split_top(tokens, ",")]
                if not all(isinstance(n, ast.Name) for n in names):
                    raise ParseError("partial differential with respect to an expression", where)
                wrt = tuple(n for n in names if isinstance(n, ast.Name))
        at = self.differential_at(start) if order == 1 and not wrt else None
        if at is not None:
            return at
        # `dtr(AX)`: the differential of a trace written in plain letters right after the d.
        self._after_d = True
        try:
            word = self.plain_operator() if self.peek() is not None and self.peek().kind == "letter" else ""  # type: ignore[union-attr]
        finally:
            self._after_d = False
        if word:
            target = self.call(word, self.t[self.i - len(word)].start)
        elif self.text() == "\\frac" or self.text() in ("\\dfrac", "\\tfrac"):
            target = self.fraction()
        else:
            target = self.primary()
        diff = ast.Diff(start, target.end, target, order, wrt)
        if (
            isinstance(target, ast.Apply)
            and len(target.args) == 1
            and not target.primes
            and not _function_like(target.func)
        ):
            # `dX(A)`: dX times (A), or the differential of a function `V(Y)` the prose defines.
            # A power or transpose after the bracket, `dX (AX)^{-1}`, belongs to the bracket in the
            # product, to the differential in the call (as in `dX^T`).
            tail = self._postfix(target)
            group = ast.Group(target.func.end, target.end, target.args[0], "(")
            tight = ast.Diff(start, target.func.end, target.func, order, wrt)
            product = ast.Product(start, tail.end, (tight, _rebase(tail, target, group)), ("", ""))
            call = _rebase(tail, target, diff)
            return ast.Ambiguous(start, tail.end, (product, call), ("product", "call"))
        return diff

    def differential_at(self, start: int) -> ast.DiffAt | None:
        """`df(x_0; dx)`: the differential of the function `f` at `x_0`, applied to `dx` (one
        letter, then a point and a direction separated by `;`); None, consuming nothing, otherwise."""
        tok = self.peek()
        if tok is None or tok.kind != "letter" or self.text(1) != "(" or self._semicolon_at(2) < 0:
            return None
        self.advance()
        func = ast.Name(tok.start, tok.end, name_key(tok.text, "", "", ""), tok.text)
        self.advance()
        point = self.expr()
        self.expect(";")
        direction = self.expr()
        self.expect(")")
        return ast.DiffAt(start, self.last_end(), func, point, direction)

    def _semicolon_at(self, k: int) -> int:
        """The position (from here) of the one `;` inside the brackets opened just before `k`, at
        their top level; -1 when there is none."""
        depth, found = 0, -1
        while self.peek(k) is not None:
            text = self.text(k)
            if text in ("(", "[", "{", "\\{"):
                depth += 1
            elif text in (")", "]", "}", "\\}"):
                if depth == 0:
                    return found
                depth -= 1
            elif text == ";" and depth == 0:
                if found >= 0:
                    return -1
                found = k
            k += 1
        return -1

    def group(self, call: bool = False) -> ast.Node:
        """A bracket; `call` when it holds a function's arguments, which `\\mid` may part."""
        start = self.here()
        sized = False
        if self.text() == "\\left":
            self.advance()
            sized = True
        open_tok = self.advance()
        if open_tok.text == ".":
            return self.null_left(start)
        closer = OPEN_DELIMS.get(open_tok.text)
        if closer is None:
            if open_tok.text in ABS_BARS:
                self.i -= 1
                return self.bars(ABS_BARS, "abs", sized_start=start)
            if open_tok.text in NORM_BARS:
                self.i -= 1
                return self.bars(NORM_BARS, "norm", sized_start=start)
            if open_tok.text == "\\langle":
                self.i -= 1
                return self.inner()
            raise ParseError(f"unexpected delimiter {open_tok.text}", open_tok.start)
        saved = (self.in_abs, self.in_norm)
        self.in_abs = self.in_norm = 0
        in_call, self.in_call = self.in_call, call
        given: tuple[int, int] | None = None  # items and tokens from `\\mid` on
        semicolons = 0
        try:
            items = [self.expr()]
            while self.text() in (",", ";") or (call and self.text() == "\\mid"):
                if self.text() == "\\mid" and given is None:
                    given = (len(items), self.i + 1)
                if self.advance().text == ";" and (not call or semicolons):
                    raise ParseError("arguments separated by ;", self.t[self.i - 1].start)
                # `f(x; \\theta)`, a density of x with a parameter: its arguments, as with commas
                semicolons += self.t[self.i - 1].text == ";"
                items.append(self.expr())
        finally:
            self.in_call = in_call
        self.in_abs, self.in_norm = saved
        self.given = None if given is None else (given[0], _spell(self.t[given[1] : self.i]))
        if sized:
            if self.text() != "\\right":
                raise ParseError(f"\\left{open_tok.text} without \\right", open_tok.start)
            self.advance()
            self.advance()
        else:
            close = self.peek()
            if close is None or close.text not in CLOSE_DELIMS:
                raise ParseError(f"unbalanced {open_tok.text}", open_tok.start)
            self.advance()
        delim = open_tok.text.replace("\\lbrack", "[").replace("\\lparen", "(").replace("\\lbrace", "\\{")
        if len(items) > 1:
            return ast.Tuple(start, self.last_end(), tuple(items), delim)
        return ast.Group(start, self.last_end(), items[0], delim)

    def null_left(self, start: int) -> ast.Node:
        """`\\left. body \\right|_{x=a}`: an evaluation bar."""
        body = self.expr()
        if self.text() != "\\right":
            raise ParseError("\\left. without \\right", start)
        self.advance()
        bar = self.advance()
        if bar.text in ABS_BARS and self.text() == "_":
            self.advance()
            where = self.here()
            tokens = self.braced_tokens()
            return ast.Evaluated(start, self.last_end(), body, self.bindings(tokens, where))
        return ast.Group(start, self.last_end(), body, "(")

    def bars(self, kinds: frozenset[str], what: str, sized_start: int | None = None) -> ast.Node:
        open_tok = self.advance()
        start = sized_start if sized_start is not None else open_tok.start
        saved = (self.in_abs, self.in_norm)
        if what == "abs":
            self.in_abs += 1
        else:
            self.in_norm += 1
        body = self.expr()
        self.in_abs, self.in_norm = saved
        if self.text() == "\\right":
            self.advance()
        close = self.peek()
        if close is None or close.text not in kinds:
            raise ParseError(f"unclosed {open_tok.text}", open_tok.start)
        self.advance()
        if what == "abs":
            return ast.Abs(start, self.last_end(), body)
        sub = ""
        if self.text() == "_":
            self.advance()
            sub = _spell(self.braced_tokens())
        return ast.Norm(start, self.last_end(), body, sub)

    def inner(self) -> ast.Node:
        start = self.here()
        if self.text() == "\\left":
            self.advance()
        self.expect("\\langle")
        left = self.expr()
        if self.text() not in (",", "|", "\\mid"):
            raise ParseError("\\langle without a comma", self.here())
        self.advance()
        right = self.expr()
        if self.text() == "\\right":
            self.advance()
        self.expect("\\rangle")
        self._frobenius_subscript()
        return ast.Inner(start, self.last_end(), left, right)

    def _frobenius_subscript(self) -> None:
        """`\\langle A, B \\rangle_F`, `_{F}`, `_{\\mathrm{F}}`: the Frobenius inner product, the one
        `\\langle A, B \\rangle` already means (its subscript names it)."""
        if self.text() != "_":
            return
        ahead = [self.text(k) for k in range(1, 7)]
        styled = ahead[0] == "{" and ahead[1] in ("\\mathrm", "\\text", "\\rm")
        if ahead[0] == "F":
            count = 2
        elif ahead[:3] == ["{", "F", "}"]:
            count = 4
        elif styled and ahead[2:6] == ["{", "F", "}", "}"]:
            count = 7
        else:
            return
        for _ in range(count):
            self.advance()

    def fraction(self) -> ast.Node:
        tok = self.advance()
        self.split_number()
        where_num = self.here()
        num = self.braced_tokens()
        self.split_number()
        where_den = self.here()
        den = self.braced_tokens()
        derivative = self.derivative(tok.start, num, den)
        if derivative is not None:
            return derivative
        return ast.Frac(
            tok.start, self.last_end(), self.sub_parse(num, where_num), self.sub_parse(den, where_den)
        )

    def plain_tex_fraction(self, start: int, num: list[Token], den: list[Token]) -> ast.Node:
        """`{a \\over b}`, `{\\partial E \\over \\partial w}`: plain TeX's fraction, read as `\\frac`."""
        derivative = self.derivative(start, num, den)
        if derivative is not None:
            return derivative
        where_den = den[0].start if den else self.last_end()
        return ast.Frac(start, self.last_end(), self.sub_parse(num, start), self.sub_parse(den, where_den))

    def derivative(self, start: int, num: list[Token], den: list[Token]) -> ast.Node | None:
        """`\\frac{d y}{d x}`, `\\frac{\\partial^2 f}{\\partial x \\partial y}`, `\\frac{d}{dt}`, or None."""
        marks = ("d", "\\partial", "\\mathrm", "\\operatorname", "\\text")
        if not num or not den or num[0].text not in marks or den[0].text not in marks:
            return None
        partial = num[0].text == "\\partial"
        k = _skip_mark(num, 0)
        if k is None:
            return None
        order = 1
        if k < len(num) and num[k].text == "^":
            if k + 1 < len(num) and num[k + 1].kind == "number":
                order, k = int(float(num[k + 1].text)), k + 2
            elif k + 3 < len(num) and num[k + 1].text == "{" and num[k + 2].kind == "number":
                order, k = int(float(num[k + 2].text)), k + 4
        wrt, transposed = self.derivative_variables(den)
        if wrt is None:
            return None
        body = self.sub_parse(num[k:], num[k].start) if k < len(num) else None
        return ast.Derivative(start, self.last_end(), body, tuple(wrt), tuple(transposed), partial, order)

    def derivative_variables(self, den: list[Token]) -> tuple[list[ast.Node] | None, list[bool]]:
        wrt: list[ast.Node] = []
        transposed: list[bool] = []
        k = 0
        while k < len(den):
            j = _skip_mark(den, k)
            if j is None:
                return None, []
            end, depth = j, 0
            while end < len(den):
                if depth == 0 and end > j and _skip_mark(den, end) is not None:
                    break
                depth += (den[end].text == "{") - (den[end].text == "}")
                end += 1
            part = den[j:end]
            if not part:
                return None, []
            sub = _Parser(part, False)
            try:
                node = sub.postfix(sub.primary())
            except ParseError:
                return None, []
            power = 1
            if isinstance(node, ast.Power) and isinstance(node.exp, ast.Num):
                power, node = int(node.exp.value), node.base
            if isinstance(node, ast.Prime) and node.count == 1 and _primed_twin(den, node.base):
                # `\\partial \\beta\\, \\partial \\beta'`: the Hessian by a variable and its transpose
                # (a lone `\\partial c'` may be a new name, the next cell state).
                node = ast.Transpose(node.start, node.end, node.base)
            is_t = isinstance(node, ast.Transpose)
            if isinstance(node, ast.Transpose):
                node = node.base
            if sub.i != len(part) or not isinstance(node, ast.Name):
                return None, []
            wrt.extend([node] * power)
            transposed.extend([is_t] * power)
            k = end
        return (wrt or None), transposed

    def sqrt(self) -> ast.Node:
        tok = self.advance()
        root = None
        if self.text() == "[":
            self.advance()
            start = self.i
            while self.text() != "]":
                self.advance()
            root = self.sub_parse(self.t[start : self.i], tok.start)
            self.advance()
        where = self.here()
        body = self.sub_parse(self.braced_tokens(), where)
        end = self.last_end()
        if root is None:
            return ast.Call(tok.start, end, "sqrt", (body,))
        exp = ast.Frac(root.start, root.end, ast.Num(root.start, root.end, 1.0, "1"), root)
        return ast.Power(tok.start, end, ast.Group(tok.start, end, body, "("), exp)

    def call(self, name: str, start: int) -> ast.Node:
        if name in ("arg", "lim", "inf", "sup", "Pr", "gcd", "dim", "ker", "deg", "hom"):
            raise ParseError(f"\\{name} cannot be checked", start)
        sub = sup = None
        primes = 0
        while self.text() == "'":
            # `\\tanh'(A)`: the derivative of a known function.
            self.advance()
            primes += 1
        while self.text() in ("_", "^"):
            script = self.advance().text
            where = self.here()
            node = self.sub_parse(self.braced_tokens(), where)
            if script == "_":
                sub = node
            else:
                sup = node
        if self.text() in ("(", "[") or (self.text() == "\\left" and self.text(1) in ("(", "[")):
            group = self.group()
            args = group.items if isinstance(group, ast.Tuple) else (_ungroup(group),)
            result: ast.Node = ast.Call(start, group.end, name, args, sub, None, True, primes)
        else:
            if not self.starts_factor():
                raise ParseError(f"\\{name} without an argument", self.here())
            arg = self.factor()
            if self.takes_body(arg):
                arg = self.attach_body(arg)  # `\\log \\sum_j e^{x_j}`: the log of the whole sum
            factors = [arg]
            row_led = name in ROW_LED_ARGUMENT and _transposed(arg)
            if name in PRODUCT_ARGUMENT or isinstance(arg, ast.Num) or row_led:
                while (
                    self.starts_factor()
                    and not self.starts_differential()
                    and (row_led or not self.starts_function())
                ):
                    factors.append(self.factor())
                    if name not in PRODUCT_ARGUMENT and not row_led:
                        break
            body = (
                factors[0]
                if len(factors) == 1
                else ast.Product(factors[0].start, factors[-1].end, tuple(factors), ("",) * len(factors))
            )
            result = ast.Call(start, body.end, name, (body,), sub, None, False, primes)
        if sup is not None:
            if _minus_one(sup):
                raise ParseError(f"\\{name}^{{-1}} (an inverse function) cannot be checked", start)
            result = ast.Power(start, result.end, result, sup)
        return result

    def starts_differential(self) -> bool:
        return self.differentials and self.text() == "d" and self.differential_follows(1)

    def starts_function(self) -> bool:
        text = self.text()
        if text.startswith("\\") and text[1:] in FUNCTION_COMMANDS:
            return True
        if text in TEXT_COMMANDS and self.text(1) == "{":
            inner = self.text(2)
            return _text_word(self.t, self.i + 2) in OPERATOR_NAMES or inner == "d"
        return False

    def text_command(self) -> ast.Node:
        tok = self.advance()
        inner = self.braced_tokens()
        word = _text_word(inner, 0)
        if word.replace("\\,", "").replace(" ", "") in ("argmin", "argmax", "arg\\,min", "arg\\,max"):
            raise ParseError(f"{tok.text}{{{word}}} cannot be checked", tok.start)
        if word in OPERATOR_NAMES:
            return self.call(word, tok.start)
        if word == "d" and len(inner) == 1:
            if self.differential_follows(0):
                return self.differential(tok.start)
            return self.name_tail("d", tok.start, "", "")
        if len(inner) == 1 and inner[0].kind == "letter":
            return self.name_tail(inner[0].text, tok.start, "", "")
        if word.strip() in ADDITIVE_CONSTANT_WORDS:  # `+ \\text{const}`: a number left unwritten
            return ast.Name(tok.start, self.last_end(), ADDITIVE_CONSTANT, ADDITIVE_CONSTANT, "\\text")
        if not inner:
            raise ParseError(f"empty {tok.text}", tok.start)
        if (
            tok.text in ("\\operatorname", "\\mathrm")
            and len(word) > 1
            and word.isalpha()
            and self.text() == "("
        ):
            # `\\operatorname{lse}(x)`: a function the notes name (and may define), applied.
            return self.name_tail(f"\\operatorname{{{word}}}", tok.start, "", "")
        if tok.text in ("\\operatorname", "\\mathrm") and is_upright_acronym(word):
            # `\\nabla_w \\mathrm{SINR}`, `\\mathrm{MSE} = ...`: a quantity the notes name, not a remark.
            return self.name_tail(f"\\operatorname{{{word}}}", tok.start, "", "")
        return ast.Text(tok.start, self.last_end(), _spell(inner))

    def styled(self) -> ast.Node:
        tok = self.advance()
        style = "bold" if tok.text in BOLD_STYLES else ("vec" if tok.text == "\\vec" else tok.text)
        inner = self.braced_tokens()
        if not inner:
            raise ParseError(f"empty {tok.text}", tok.start)
        if (
            tok.text in ("\\mathbb", "\\mathds")
            and [t.text for t in inner] == ["1"]
            and self.text() in ("[", "\\{", "(", "\\left", "_")
        ):
            return self.indicator(tok.start)
        letters = [t for t in inner if t.kind in ("letter", "number") or t.text[1:] in GREEK]
        if len(letters) == len(inner) and len(inner) > 1 and all(t.kind == "letter" for t in inner):
            # \mathbf{AB}: a product of bold letters; scripts after the brace bind to the last one.
            names: list[ast.Node] = [
                ast.Name(t.start, t.end, name_key(t.text, style), t.text, style) for t in inner[:-1]
            ]
            last = self.name_tail(inner[-1].text, inner[-1].start, style, "")
            names.append(self.postfix(last))
            return ast.Product(tok.start, names[-1].end, tuple(names), ("",) * len(names))
        if len(inner) != 1:
            raise ParseError(f"cannot parse {tok.text}{{{_spell(inner)}}}", tok.start)
        base = inner[0].text
        if inner[0].kind == "number" and base not in ("0", "1"):
            raise ParseError(f"cannot parse {tok.text}{{{base}}}", tok.start)
        return self.name_tail(base, tok.start, style, "")

    def accented(self) -> ast.Node:
        tok = self.advance()
        accent = (
            tok.text[1:].replace("widehat", "hat").replace("widetilde", "tilde").replace("overline", "bar")
        )
        inner = self.braced_tokens()
        if len(inner) == 1 and (inner[0].kind == "letter" or inner[0].text[1:] in GREEK):
            return self.name_tail(inner[0].text, tok.start, "", accent)
        if len(inner) == 4 and inner[0].text in BOLD_STYLES and inner[1].text == "{":
            return self.name_tail(inner[2].text, tok.start, "bold", accent)
        if len(inner) == 2 and inner[0].text in BOLD_STYLES:
            return self.name_tail(inner[1].text, tok.start, "bold", accent)
        raise ParseError(f"cannot parse {tok.text} over an expression", tok.start)

    def indicator(self, start: int) -> ast.Node:
        if self.text() == "_":
            self.advance()
            where = self.here()
            cond = self.condition(self.braced_tokens(), where)
            return ast.Indicator(start, self.last_end(), cond)
        if self.text() == "\\left":
            self.advance()
        open_tok = self.advance()
        closer = OPEN_DELIMS.get(open_tok.text, "")
        begin = self.i
        depth = 1
        while self.i < len(self.t):
            text = self.t[self.i].text
            if text == open_tok.text:
                depth += 1
            elif text == closer:
                depth -= 1
                if depth == 0:
                    break
            self.i += 1
        inner = list(self.t[begin : self.i])
        if inner and inner[-1].text == "\\right":
            inner = inner[:-1]
        self.expect(closer)
        return ast.Indicator(start, self.last_end(), self.condition(inner, open_tok.start))

    def condition(self, tokens: list[Token], where: int) -> ast.Node:
        for k, tok in enumerate(tokens):
            if tok.text in RELATIONS:
                left = self.sub_parse(tokens[:k], where)
                right = self.sub_parse(tokens[k + 1 :], tok.start)
                return ast.Comparison(left.start, right.end, left, RELATIONS[tok.text], right)
        raise ParseError("indicator without a condition", where)

    def nabla(self) -> ast.Node:
        tok = self.advance()
        wrt: ast.Node | None = None
        order = 1
        while self.text() in ("_", "^"):
            script = self.advance().text
            where = self.here()
            node = self.sub_parse(self.braced_tokens(), where)
            if script == "_":
                wrt = node
            elif isinstance(node, ast.Num):
                order = int(node.value)
            else:
                raise ParseError("\\nabla with an unknown superscript", where)
        if not self.starts_factor():
            raise ParseError("\\nabla without an operand", self.here())
        body = self.factor()
        if (_is_number(body) or _is_coefficient(body, wrt)) and self.starts_factor():
            # `\\nabla_\\theta \\frac12 \\|X\\theta - y\\|^2`, `\\nabla_w \\frac{\\lambda}{2}\\|w\\|^2`: a
            # constant factor leads the operand (its gradient alone would be zero).
            rest = self.product()
            body = ast.Product(body.start, rest.end, (body, rest), ("", ""))
        elif (_parenthesised(body) or _transposed(body)) and self.starts_factor():
            # `\\nabla_\\beta (y - X\\beta)^T W (y - X\\beta)`, `\\nabla_x x^T A x`, `\\nabla_x y' A x`: the
            # gradient of the first factor times the rest, or (read second) of the whole product.
            rest = self.product()
            tight = ast.Product(
                tok.start, rest.end, (ast.Nabla(tok.start, body.end, body, wrt, order), rest), ("", "")
            )
            whole = ast.Nabla(
                tok.start, rest.end, ast.Product(body.start, rest.end, (body, rest), ("", "")), wrt, order
            )
            return ast.Ambiguous(
                tok.start, rest.end, (tight, whole), ("\\nabla of the first factor", "\\nabla of the product")
            )
        return ast.Nabla(tok.start, body.end, body, wrt, order)

    def summation(self) -> ast.Node:
        tok = self.advance()
        index = ""
        lower = upper = None
        while self.text() in ("_", "^"):
            script = self.advance().text
            where = self.here()
            tokens = self.braced_tokens()
            if script == "^":
                upper = self.sub_parse(tokens, where)
                continue
            eq = [k for k, t in enumerate(tokens) if t.text == "="]
            if eq:
                index = _spell(tokens[: eq[0]])
                lower = self.sub_parse(tokens[eq[0] + 1 :], where)
            else:
                index = _spell(tokens)
        # The body is attached by product() (an operator takes the rest of the product).
        return ast.Sum(tok.start, tok.start, ast.Num(tok.start, tok.start, 0.0, ""), index, lower, upper)

    def matrix(self) -> ast.Node:
        begin = self.advance()
        env = _spell(self.braced_tokens())
        if env not in MATRIX_ENVIRONMENTS:
            raise ParseError(f"environment {env} inside an expression", begin.start)
        if env == "array" and self.text() == "{":
            self.braced_tokens()
        start = self.i
        depth = 0
        while self.i < len(self.t):
            text = self.t[self.i].text
            if text == "\\begin":
                depth += 1
            elif text == "\\end":
                if depth == 0:
                    break
                depth -= 1
            self.i += 1
        body = list(self.t[start : self.i])
        if self.i >= len(self.t):
            raise ParseError(f"\\begin{{{env}}} without \\end", begin.start)
        self.advance()
        self.braced_tokens()
        rows: list[tuple[ast.Node, ...]] = []
        for row_tokens in _split_top(body, "\\\\"):
            if not row_tokens:
                continue
            cells = _split_top(row_tokens, "&")
            rows.append(tuple(self.sub_parse(cell, row_tokens[0].start) for cell in cells))
        if not rows or len({len(r) for r in rows}) != 1:
            raise ParseError(f"{env} with rows of different lengths", begin.start)
        return ast.Matrix(begin.start, self.last_end(), tuple(rows), env)


def _letter(tok: Token) -> bool:
    """A plain letter or a Greek letter: what a style or a step sign may stand on."""
    return tok.kind == "letter" or tok.text[1:] in GREEK


_RELATION_TOKENS = frozenset({"=", "<", ">", "\\le", "\\ge", "\\leq", "\\geq", "\\neq", "\\approx"})


def _transposed(node: ast.Node) -> bool:
    """`x^T`, and `y'` / `y^\\prime` (a prime that may be a transpose) on a name."""
    return isinstance(node, ast.Transpose) or (
        isinstance(node, ast.Prime) and isinstance(node.base, ast.Name)
    )


# Functions whose unparenthesised argument, when it starts with a row (`\\log \\mathbf{1}^T \\exp(z)`), runs
# over the whole following product: the function of a row alone is not what is meant.
ROW_LED_ARGUMENT = frozenset({"log", "ln", "exp"})


def _row_denominators(factors: list[ast.Node], ops: list[str]) -> tuple[list[ast.Node], list[str]]:
    """`p^T r / p^T A p`: a slash before a transposed vector divides by the whole product that follows
    (a row alone is no divisor), up to the next slash."""
    k = 1
    while k < len(factors):
        end = k + 1
        while end < len(factors) and ops[end] == "":
            end += 1
        if ops[k] == "/" and _transposed(factors[k]) and end - k > 1:
            den = ast.Product(
                factors[k].start, factors[end - 1].end, tuple(factors[k:end]), ("",) * (end - k)
            )
            factors = [*factors[:k], den, *factors[end:]]
            ops = [*ops[: k + 1], *ops[end:]]
        k += 1
    return factors, ops


def _slash_derivatives(factors: list[ast.Node], ops: list[str]) -> tuple[list[ast.Node], list[str]]:
    """`∂f/∂x` and `dy/dx` written with a slash are derivatives."""
    k = 0
    while k + 1 < len(factors):
        num, den = factors[k], factors[k + 1]
        if (
            ops[k + 1] == "/"
            and isinstance(num, ast.Diff)
            and isinstance(den, ast.Diff)
            and isinstance(den.body, ast.Name)
            and num.partial == den.partial
        ):
            deriv = ast.Derivative(
                num.start, den.end, num.body, (den.body,), (False,), num.partial, num.order
            )
            factors = [*factors[:k], deriv, *factors[k + 2 :]]
            ops = [*ops[: k + 1], *ops[k + 2 :]]
        k += 1
    return factors, ops


ROW_SPACES = frozenset({"\\ ", "\\quad", "\\qquad", "\\enspace"})


def _spaced_rows(tokens: Sequence[Token]) -> list[Token]:
    """`(3u^2 \\ 3v^2)`, `(y_1 \\quad y_2)`: wide spaces between the entries of a parenthesised
    row stand for commas."""
    out = list(tokens)
    if ROW_SPACES.isdisjoint([t.text for t in out]):
        return out  # most sides: no wide space to read
    depth = 0
    for k, tok in enumerate(out):
        if tok.text in ("(", "["):
            depth += 1
        elif tok.text in (")", "]"):
            depth -= 1
        elif depth == 1 and tok.text in ROW_SPACES and 0 < k < len(out) - 1:
            prev, nxt = out[k - 1], out[k + 1]
            if prev.text not in ("(", "[", ",", "+", "-") and nxt.text not in (
                ")",
                "]",
                ",",
                "+",
                "-",
                "^",
                "_",
            ):
                out[k] = Token("symbol", ",", tok.start, tok.end)
    return out


def _drop_layout_arguments(tokens: Sequence[Token]) -> list[Token]:
    """`\\hspace{2pt}`, `\\phantom{x}`: layout commands and their arguments are not mathematics."""
    if ARGUMENT_DROPPED.isdisjoint([t.text for t in tokens]):
        return list(tokens)  # most sides: nothing to drop
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].text in ARGUMENT_DROPPED:
            i += 1
            if i < len(tokens) and tokens[i].text == "*":
                i += 1
            if i < len(tokens) and tokens[i].text == "{":
                depth = 0
                while i < len(tokens):
                    depth += (tokens[i].text == "{") - (tokens[i].text == "}")
                    i += 1
                    if depth == 0:
                        break
            continue
        out.append(tokens[i])
        i += 1
    return out


def _labelled(base: ast.Node, label: str, end: int) -> ast.Name | ast.Diff | None:
    """`base` with the label `(i)` of `x^{(i)}` (or the `*` of `x^*`) as part of its name's spelling;
    of a differential `dW^{(1)}`, `d_{A_t}J^{(2)}`, the name differentiated. None for an expression."""
    if isinstance(base, ast.Diff):
        body = _labelled(base.body, label, end)
        if not isinstance(body, ast.Name):
            return None
        return ast.Diff(base.start, end, body, base.order, base.wrt, base.partial)
    if not isinstance(base, ast.Name):
        return None
    key = base.key + "^{" + label + "}"
    return ast.Name(base.start, end, key, base.base, base.style, base.accent, base.sub)


def _label_of(name: ast.Name) -> str:
    """The label (`^{*}`, `^{(k)}`) a name without a subscript carries in its spelling, or ""."""
    if name.sub:
        return ""
    plain = name_key(name.base, name.style, name.accent, "")
    label = name.key[len(plain) :]
    return label if name.key.startswith(plain) and label.startswith("^{") else ""


def _label_length(tokens: Sequence[Token]) -> int:
    """How many leading tokens of a superscript are a parenthesised label followed by more
    (`(i)` in `x^{(i)T}`, `[l-1]` in `A^{[l-1]T}`); 0 when there is no such label or nothing follows it."""
    if len(tokens) < 4 or tokens[0].text not in ("(", "["):
        return 0
    close = ")" if tokens[0].text == "(" else "]"
    for k in range(1, len(tokens)):
        if tokens[k].text in ("(", "[", "{", "\\left"):
            return 0
        if tokens[k].text == close:
            return k + 1 if 1 < k < len(tokens) - 1 else 0
    return 0


def _minus_one(node: ast.Node) -> bool:
    if isinstance(node, ast.Neg):
        return isinstance(node.body, ast.Num) and node.body.value == 1
    return isinstance(node, ast.Num) and node.value == -1


def _rebase(node: ast.Node, old: ast.Node, new: ast.Node) -> ast.Node:
    """`node` (a chain of powers, transposes and primes over `old`) rebuilt over `new`."""
    if node is old:
        return new
    if isinstance(node, ast.Power):
        return ast.Power(new.start, node.end, _rebase(node.base, old, new), node.exp)
    if isinstance(node, ast.Transpose):
        return ast.Transpose(new.start, node.end, _rebase(node.base, old, new), node.marker)
    if isinstance(node, ast.Prime):
        return ast.Prime(new.start, node.end, _rebase(node.base, old, new), node.count)
    if isinstance(node, ast.Sub):
        return ast.Sub(new.start, node.end, _rebase(node.base, old, new), node.sub)
    return node


def _function_like(name: ast.Name) -> bool:
    return name.base in FUNCTION_LETTERS and name.style in ("", "bold")


def _skip_mark(tokens: list[Token], k: int) -> int | None:
    """Skip a differential mark (`d`, `\\partial`, `\\mathrm{d}`, `\\mathrm d`) at k; None if none."""
    if k >= len(tokens):
        return None
    if tokens[k].text in ("d", "\\partial"):
        return k + 1
    if (
        tokens[k].text in ("\\mathrm", "\\operatorname", "\\text")
        and k + 3 < len(tokens) + 1
        and [t.text for t in tokens[k + 1 : k + 4]] == ["{", "d", "}"]
    ):
        return k + 4
    if tokens[k].text == "\\mathrm" and k + 1 < len(tokens) and tokens[k + 1].text == "d":
        return k + 2  # `\\mathrm dx`: the argument without braces
    return None


def _text_word(tokens: Sequence[Token], k: int) -> str:
    """The word spelled by letters from position k up to a closing brace."""
    out = []
    while k < len(tokens) and tokens[k].text != "}":
        out.append(tokens[k].text)
        k += 1
    return "".join(out)


def _split_top(tokens: Sequence[Token], sep: str) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.text in ("{", "\\begin", "(", "[", "\\left"):
            depth += 1
        elif tok.text in ("}", "\\end", ")", "]", "\\right"):
            depth -= 1
        if tok.text == sep and depth == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


_COMMAND_AT_END = re.compile(r"\\[A-Za-z]+$")


def _prime_length(s: list[str], j: int) -> int:
    """How many tokens the prime at `j` takes: `'`, `^\\prime`, `^{\\prime}` (0: no prime there)."""
    if s[j] == "'":
        return 1
    if s[j] != "^":
        return 0
    if s[j + 1] == "\\prime":
        return 2
    return 4 if s[j + 1] == "{" and s[j + 2] == "\\prime" and s[j + 3] == "}" else 0


def _spell(tokens: Sequence[Token]) -> str:
    """Tokens written back as compact LaTeX: `W_{1}` and `W_1` spell the same."""
    out = ""
    for tok in tokens:
        if out and tok.kind == "letter" and _COMMAND_AT_END.search(out):
            out += " "
        out += tok.text
    return out


def _primed_twin(den: Sequence[Token], base: ast.Node) -> bool:
    """Whether a derivative's denominator also names `base` unprimed (`\\partial x \\partial x'`)."""
    if not isinstance(base, ast.Name) or base.sub or base.style:
        return False
    texts = [t.text for t in den if t.kind != "space"]
    return any(
        texts[k] == base.base and (k + 1 == len(texts) or texts[k + 1] != "'") for k in range(len(texts))
    )


def _top_level_over(inner: Sequence[Token]) -> int | None:
    """Where the one `\\over` of a group stands outside any inner braces, or None."""
    depth, found = 0, []
    for k, tok in enumerate(inner):
        depth += (tok.text == "{") - (tok.text == "}")
        if depth == 0 and tok.text == "\\over":
            found.append(k)
    return found[0] if len(found) == 1 else None


def _old_style_roman_word(inner: Sequence[Token]) -> str:
    """The word of `{\\rm tr}` (plain-TeX upright letters in a group); "" for any other group."""
    if len(inner) < 2 or inner[0].text != "\\rm" or any(t.kind != "letter" for t in inner[1:]):
        return ""
    return "".join(t.text for t in inner[1:])


def _ungroup(node: ast.Node) -> ast.Node:
    return node.body if isinstance(node, ast.Group) else node


def _extend_differentials(factors: list[ast.Node], ops: list[str]) -> tuple[list[ast.Node], list[str]]:
    """`d \\frac12 x^2`: a differential of a constant extends over the rest of the product;
    `d(a)(b)`: both `d(a)·(b)` and `d(a·b)` are plausible."""
    for k, node in enumerate(factors[:-1]):
        if k > 0:
            break  # only `d(a)(b)` at the start of a product may mean d(a·b)
        if not isinstance(node, ast.Diff) or any(op for op in ops[k + 1 :]):
            continue
        rest = factors[k + 1 :]
        body = node.body
        whole = ast.Product(body.start, rest[-1].end, (body, *rest), ("",) * (len(rest) + 1))
        extended = ast.Diff(node.start, rest[-1].end, whole, node.order, node.wrt)
        if _is_constant(body):
            return [*factors[:k], extended], ops[: k + 1]
        if isinstance(body, ast.Group) and body.delim in ("(", "["):
            tight = ast.Product(node.start, rest[-1].end, (node, *rest), ("",) * (len(rest) + 1))
            # `d(y - Xw)(y - Xw)^T` is the sloppy way to write the differential of a square; any
            # other `d(XA)X` may be d(XA)·X with a term of the product rule dropped, so reading it
            # as d(XAX) is held in reserve.
            label = "d(a·a)" if len(rest) == 1 and _squares(body, rest[0]) else "d(a·b)"
            amb = ast.Ambiguous(node.start, rest[-1].end, (tight, extended), ("d(a)·b", label))
            return [*factors[:k], amb], ops[: k + 1]
        return factors, ops
    return factors, ops


def _squares(group: ast.Group, other: ast.Node) -> bool:
    """Whether `other` is `group` again, or its transpose: `(a)(a)`, `(a)(a)^T`."""
    if isinstance(other, ast.Transpose):
        other = other.base
    return _written_alike(group, other)


def _written_alike(a: object, b: object) -> bool:
    """The same tree, wherever it was written."""
    if isinstance(a, ast.Node) and isinstance(b, ast.Node):
        return type(a) is type(b) and all(
            _written_alike(getattr(a, f.name), getattr(b, f.name))
            for f in fields(a)
            if f.name not in ("start", "end")
        )
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_written_alike(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _is_constant(node: ast.Node) -> bool:
    if isinstance(node, ast.Num):
        return True
    if isinstance(node, ast.Frac):
        return _is_constant(node.num) and _is_constant(node.den)
    if isinstance(node, ast.Group):
        return _is_constant(node.body)
    return False


def _parenthesised(node: ast.Node) -> bool:
    """`(y - X\\beta)`, `(y - X\\beta)^T`, `(a + b)^2`: a bracketed expression, maybe transposed or raised."""
    while isinstance(node, ast.Transpose | ast.Power):
        node = node.base
    return isinstance(node, ast.Group) and node.delim in ("(", "[")


def _is_coefficient(node: ast.Node, wrt: ast.Node | None) -> bool:
    """`\\frac{\\lambda}{2}`, `\\frac{1}{2\\sigma^2}`, `\\lambda`: a fraction of numbers and names, or a
    lowercase Greek letter, in which the variable of the gradient does not occur."""
    if not isinstance(wrt, ast.Name):
        return False
    if isinstance(node, ast.Name):
        return node.key != wrt.key and node.key.lstrip("\\") in _GREEK_COEFFICIENTS
    if not isinstance(node, ast.Frac):
        return False
    parts = list(ast.walk(node))
    plain = all(isinstance(x, ast.Frac | ast.Num | ast.Name | ast.Product | ast.Power) for x in parts)
    return plain and all(not (isinstance(x, ast.Name) and x.key == wrt.key) for x in parts)


_GREEK_COEFFICIENTS = frozenset(
    {"alpha", "beta", "gamma", "delta", "eta", "kappa", "lambda", "mu", "nu", "rho", "sigma", "tau"}
)


def _is_number(node: ast.Node) -> bool:
    """`2`, `\\frac12`, `\\tfrac{1}{2}`: a number written as digits or a fraction of them."""
    if isinstance(node, ast.Frac):
        return _is_number(node.num) and _is_number(node.den)
    return isinstance(node, ast.Num)
